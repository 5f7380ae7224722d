/**
 * The engine's progress events (packages/cli runWorkflow) as the demo prints them: a heading per
 * job, one line per step with its mark and duration, the cause under a failed step, warnings under
 * a passed one, and every log line with --verbose. Logs arrive masked by the engine.
 */
import type { WorkflowEvent } from '@cat-actions/cli';
import type { Mark, Progress } from './progress';

export function engineProgress(progress: Progress, failsOnPurpose = false) {
  return (event: WorkflowEvent): void => {
    switch (event.type) {
      case 'job-start':
        progress.heading(event.job);
        break;
      case 'step-start':
        progress.starting(event.step);
        break;
      case 'step-end': {
        // A step skipped by its `if:` (the alert of a job that passed) is noise unless asked for.
        if (event.outcome === 'skipped' && !progress.verbose) break;
        const mark: Mark =
          event.outcome === 'success'
            ? 'ok'
            : event.outcome === 'skipped'
              ? 'skipped'
              : failsOnPurpose
                ? 'expected-failure'
                : 'failed';
        progress.step({
          mark,
          id: event.step,
          text: event.step,
          durationMs: event.outcome === 'skipped' ? undefined : event.durationMs,
          note: mark === 'expected-failure' ? 'fails on purpose' : undefined,
        });
        if (progress.verbose) for (const line of event.log.split('\n')) progress.log(line);
        else if (event.outcome === 'failure') progress.tail(event.log);
        else progress.warnings(event.log);
        break;
      }
      case 'notice':
        progress.info(`notice: ${event.message}`);
        break;
      default:
        break;
    }
  };
}
