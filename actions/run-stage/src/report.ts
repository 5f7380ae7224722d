import * as core from '../../shared/src/toolkit';
import { escapeHtml, formatBytes } from '@cat-actions/core';
import type { StageOutcome } from '@cat-actions/stage';

export function totals(outcome: StageOutcome) {
  const files = outcome.published.reduce((n, p) => n + p.files, 0);
  const bytes = outcome.published.reduce((n, p) => n + p.bytes, 0);
  return { files, bytes };
}

export function outputsOf(outcome: StageOutcome): Record<string, string> {
  const { files, bytes } = totals(outcome);
  return {
    dataset: outcome.dataset,
    uri: outcome.datasetUri,
    'results-uri': outcome.resultsUri ?? '',
    parts: outcome.published.map((p) => p.folder).join(' '),
    files: String(files),
    bytes: String(bytes),
    'duration-seconds': outcome.runSeconds.toFixed(1),
    'exit-code': String(outcome.exitCode),
    'log-uri': outcome.logUri ?? '',
    // Redacted like the log itself; several lines (a later step reads it whole).
    'log-tail': outcome.logTail.join('\n'),
  };
}

/** The step summary: what ran, on which dataset, what moved where, how fast, how it ended. */
export async function writeSummary(outcome: StageOutcome): Promise<void> {
  const { plan } = outcome;
  const moved =
    outcome.published.reduce((n, p) => n + p.bytes, 0) +
    outcome.downloaded.reduce((n, p) => n + p.bytes, 0);
  const throughput =
    outcome.transferSeconds > 0 ? `${formatBytes(moved / outcome.transferSeconds)}/s` : '–';
  const status = outcome.failure ? `failed (exit code ${outcome.exitCode})` : 'succeeded';
  const row = (name: string, value: string) => [{ data: name, header: true }, value];
  const rows = [
    row(
      'Stage',
      `${plan.stage} · <code>${escapeHtml(plan.command)}</code> in ${escapeHtml(plan.workingDirectoryLabel)}`,
    ),
    row(
      'Dataset',
      plan.dataset.kind === 'none'
        ? 'none'
        : `${outcome.dataset} (${plan.dataset.kind}) · ${outcome.datasetUri}`,
    ),
    row('Exit code', String(outcome.exitCode)),
    row('Duration', `${outcome.runSeconds.toFixed(1)} s`),
    row(
      'Downloaded',
      outcome.downloaded.length
        ? outcome.downloaded
            .map(
              (p) =>
                `${p.part}: ${p.files} files, ${formatBytes(p.bytes)}${p.verified ? ', verified' : ''}`,
            )
            .join('<br>')
        : '–',
    ),
    row(
      'Uploaded',
      outcome.published.length
        ? outcome.published
            .map((p) => `${p.folder}: ${p.files} files, ${formatBytes(p.bytes)} → ${p.uri}`)
            .join('<br>')
        : '–',
    ),
    row('Throughput', throughput),
  ];
  if (outcome.resultsUri) rows.push(row('Test results', outcome.resultsUri));
  if (outcome.python) {
    rows.push(
      row(
        'Python',
        `${outcome.python.pythonVersion} · cache ${outcome.python.cache} · <code>${outcome.python.cacheKey}</code>`,
      ),
    );
  }
  if (outcome.logUri) rows.push(row('Stage log', outcome.logUri));
  if (outcome.failure && outcome.logTail.length) {
    rows.push(row('Last lines', `<pre>${escapeHtml(outcome.logTail.join('\n'))}</pre>`));
  }
  await core.summary
    .addHeading(`Stage ${plan.stage} of ${plan.tenant} ${status}`, 3)
    .addTable(rows)
    .write();
}
