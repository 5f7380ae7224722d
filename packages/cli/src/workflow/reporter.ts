/**
 * Progress as a person reads it: a line as each job and step starts and ends (with its duration
 * and outcome), a step's log folded away unless it failed or --verbose asks, and at the end the
 * jobs' outputs and the step summaries. Every line passes through the secret masker first.
 */
import { LogMasker } from '../file-commands';
import type { JobRun, WorkflowEvent, WorkflowRun } from './types';

export interface ReporterOptions {
  write: (line: string) => void;
  verbose?: boolean;
  /** Values never printed (the run's secrets). */
  secrets?: string[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const MARK: Record<string, string> = { success: '✓', failure: '✗', cancelled: '⊘', skipped: '–' };

export function createReporter(options: ReporterOptions) {
  const masker = new LogMasker(options.secrets ?? []);
  const write = (line: string) => options.write(masker.mask(line));
  const onEvent = (event: WorkflowEvent) => {
    switch (event.type) {
      case 'workflow-start':
        write(`Workflow ${event.workflowFile}`);
        break;
      case 'workflow-end':
        write(`Workflow ${event.workflowFile}: ${event.result}`);
        break;
      case 'job-start':
        write(`▶ ${event.job}`);
        break;
      case 'job-end':
        write(
          `${MARK[event.result]} ${event.job}: ${event.result}${event.durationMs ? ` (${seconds(event.durationMs)})` : ''}`,
        );
        break;
      case 'step-start':
        write(`  [${event.job}] ▶ ${event.step}`);
        break;
      case 'step-end': {
        const timing = event.outcome === 'skipped' ? '' : ` (${seconds(event.durationMs)})`;
        write(`  [${event.job}] ${MARK[event.outcome]} ${event.step}: ${event.outcome}${timing}`);
        const lines = event.log ? event.log.split('\n') : [];
        if (options.verbose || event.outcome === 'failure')
          for (const line of lines) write(`      ${line}`);
        else if (lines.length)
          write(
            `      (${lines.length} log line${lines.length === 1 ? '' : 's'} folded; --verbose shows them)`,
          );
        break;
      }
      case 'notice':
        write(`  notice${event.job ? ` [${event.job}]` : ''}: ${event.message}`);
        break;
    }
  };
  return { onEvent, report: (run: WorkflowRun) => report(run, write) };
}

/** Every job run of a workflow run, called workflows' jobs included, in order. */
export function allJobs(run: WorkflowRun): JobRun[] {
  return Object.values(run.jobs)
    .flat()
    .flatMap((job) => (job.called ? [job, ...allJobs(job.called)] : [job]));
}

function report(run: WorkflowRun, write: (line: string) => void): void {
  write('');
  write('Job outputs:');
  const withOutputs = allJobs(run).filter((job) => Object.keys(job.outputs).length);
  if (!withOutputs.length) write('  (none)');
  for (const job of withOutputs) {
    write(`  ${job.name}:`);
    for (const [name, value] of Object.entries(job.outputs)) write(`    ${name}=${value}`);
  }
  if (Object.keys(run.outputs).length) {
    write('Workflow outputs:');
    for (const [name, value] of Object.entries(run.outputs)) write(`  ${name}=${value}`);
  }
  for (const job of allJobs(run)) {
    for (const step of job.steps.filter((s) => s.summary.trim())) {
      write('');
      write(`Step summary: ${job.name} / ${step.name}`);
      for (const line of step.summary.trimEnd().split('\n')) write(`  ${line}`);
    }
  }
  write('');
  write(`Result: ${run.result}`);
}
