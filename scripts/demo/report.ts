/**
 * The end of the demo: the dataset tree in S3, each step's summary as text, the Slack alert, where
 * everything is, what could not run here (with the command that installs what is missing), and the
 * verdict.
 */
import type { StepRecord } from './jobs';
import type { Outcome } from './outcome';
import type { Progress } from './progress';
import { renderTree, type S3Object } from './s3-tree';
import type { ServiceSet } from './services';
import { summaryToText } from './summary-text';

export interface DemoReport {
  exitCode: number;
  outcome: Outcome;
  /** The workspace of each workflow run (a copy of examples/tenant). */
  workspaces: string[];
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
    progress.heading('PostgreSQL (behind the tunnel)');
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
    ...result.workspaces.map((w): [string, string] => ['workspace', w]),
    ['S3 files', result.s3Directory],
    ...services.running.map((s): [string, string] => [
      s.name,
      `${s.endpoint}${s.activity ? `  (${s.activity()})` : ''}`,
    ]),
  ];
  const width = Math.max(...places.map(([name]) => name.length));
  for (const [name, where] of places) progress.info(`${name.padEnd(width)}  ${where}`);

  const unavailable = result.steps.filter((s) => s.status === 'unavailable');
  const installs = [...new Set(services.unavailable.map((u) => u.install).filter(Boolean))];
  if (unavailable.length || services.unavailable.length) {
    progress.heading('Not run here');
    for (const u of services.unavailable) progress.info(`○ ${u.name}: ${u.reason}`);
    for (const s of unavailable) progress.info(`○ ${s.title}: ${s.reason}`);
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
  progress.info(`${o.slackAlerts ? '✓' : '✗'} Slack alert captured: ${o.slackAlerts}`);
  for (const m of o.missing) progress.info(`missing: ${m}`);
}
