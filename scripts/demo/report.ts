/**
 * The end of the demo: the dataset tree in S3, each step's summary as text, the Slack alert, where
 * everything is, what could not run here (with the command that installs what is missing), and the
 * verdict.
 */
import type { Outcome } from './outcome';
import type { Progress } from './progress';
import { renderTree, type S3Object } from './s3-tree';
import type { ServiceSet } from './services';
import { summaryToText } from './summary-text';

export interface StepRecord {
  /** `<run> › <job name>`. */
  job: string;
  id: string;
  title: string;
  /** `run-stage` for the stage steps (their summaries are shown). */
  action: string;
  status: 'ok' | 'failed' | 'skipped';
  /** The step's summary (Markdown or HTML), when it wrote one. */
  summary?: string;
}

export interface RunRecord {
  name: string;
  workflow: string;
  url: string;
  result: string;
  error?: string;
}

export interface DemoReport {
  exitCode: number;
  outcome: Outcome;
  /** Each workflow run the demo dispatched, with its link and result. */
  runs: RunRecord[];
  s3Directory: string;
  bucket: string;
  tenant: string;
  steps: StepRecord[];
  /** The alert(s) the failing stage's workflow run sent, as text. */
  slackMessages: string[];
  /** The test stage's own report (test_results/summary.md), as data-testing.yml shows it. */
  testReport?: string;
}

const indent = (lines: string[]) => lines.map((l) => (l ? `    ${l}` : '')).join('\n');

export function printReport(
  progress: Progress,
  result: DemoReport,
  objects: S3Object[],
  services: ServiceSet,
  tables: { table: string; rows: number }[] = [],
): void {
  progress.heading(`S3: s3://${result.bucket}/${result.tenant}/`);
  const tree = renderTree(objects, `${result.tenant}/`);
  progress.raw(`${objects.length ? indent(tree) : '    (empty)'}\n`);

  if (tables.length) {
    progress.heading(
      `PostgreSQL (behind the tunnel): ${services.get('database')?.details?.server ?? ''}`,
    );
    for (const { table, rows } of tables) progress.info(`${table.padEnd(16)} ${rows} rows`);
  }

  // The stages' summaries; with --verbose every step's.
  const summaries = result.steps.filter(
    (s) => s.summary && (progress.verbose || s.action === 'run-stage'),
  );
  if (summaries.length) {
    progress.heading(progress.verbose ? 'Step summaries' : 'Stage summaries');
    for (const step of summaries) {
      progress.raw(`\n  ${step.job} › ${step.title}\n`);
      progress.raw(`${indent(summaryToText(step.summary!).split('\n'))}\n`);
    }
  }

  if (result.testReport) {
    progress.heading('Test report (5a: test_results/summary.md)');
    progress.raw(`${indent(summaryToText(result.testReport).split('\n'))}\n`);
  }

  progress.heading('Slack alert of the failing stage (as the receiver got it)');
  if (result.slackMessages.length) {
    for (const message of result.slackMessages) progress.raw(`${indent(message.split('\n'))}\n`);
  } else {
    progress.info('(none captured)');
  }

  progress.heading('Where everything is');
  const places: [string, string][] = [
    ...result.runs.map((r): [string, string] => [`run ${r.name}`, `${r.result}  ${r.url}`]),
    ['S3 files', result.s3Directory],
    ...services.running.map((s): [string, string] => [
      s.name,
      `${s.endpoint}${s.activity ? `  (${s.activity()})` : ''}`,
    ]),
  ];
  const width = Math.max(...places.map(([name]) => name.length));
  for (const [name, where] of places) progress.info(`${name.padEnd(width)}  ${where}`);

  const installs = [...new Set(services.unavailable.map((u) => u.install).filter(Boolean))];
  if (services.unavailable.length) {
    progress.heading('Not run here');
    for (const u of services.unavailable) progress.info(`○ ${u.name}: ${u.reason}`);
    if (installs.length) progress.info(`to install what is missing: ${installs.join(' && ')}`);
  }

  const o = result.outcome;
  progress.heading(
    result.exitCode === 0 ? 'Result: ✓ the pipeline did its job' : 'Result: ✗ incomplete',
  );
  progress.info(
    `${o.completeDataset ? '✓' : '✗'} complete dataset: ${o.completeDataset ?? 'none'}`,
  );
  progress.info(
    `${o.testResults.length ? '✓' : '✗'} test results: ${o.testResults.join(', ') || 'none'}`,
  );
  if (o.uploadedRows !== undefined) {
    progress.info(`${o.uploadedRows ? '✓' : '✗'} rows loaded by stage 4: ${o.uploadedRows}`);
  }
  progress.info(`${o.slackAlerts ? '✓' : '✗'} Slack alert captured: ${o.slackAlerts}`);
  for (const m of o.missing) progress.info(`missing: ${m}`);
}
