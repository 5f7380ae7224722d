import * as core from '../../shared/src/toolkit';
import { escapeHtml, escapeMarkdown, formatBytes } from '@cat-actions/core';
import { clientDeadlines, createS3Client, describeRetry, latestDataset } from '@cat-actions/aws';
import { publish } from '../../shared/src/runner';
import { readLatestDatasetInputs } from './inputs';

export async function run(): Promise<void> {
  const { query, exportEnv, region, deadlines } = readLatestDatasetInputs();
  const s3 = await createS3Client({ region, maxAttempts: 1, ...clientDeadlines(deadlines) });
  try {
    core.startGroup(`Finding dataset ${query.dataset} of ${query.tenant}`);
    let selected;
    try {
      selected = await latestDataset(s3, {
        ...query,
        log: core,
        retry: {
          budgetMs: deadlines.budgetMs,
          onRetry: (info) => core.info(describeRetry('S3', info)),
        },
      });
    } finally {
      core.endGroup();
    }
    const partNames = selected.usableParts.map((p) => p.name);
    publish(
      {
        dataset: selected.dataset,
        uri: selected.uri,
        'created-at': selected.createdAt.toISOString().replace('.000Z', 'Z'),
        parts: JSON.stringify(partNames),
      },
      exportEnv ? { DATASET_NAME: selected.dataset } : undefined,
    );
    core.info(
      `Dataset ${selected.dataset} (${selected.uri}), parts ${partNames.join(', ') || '(none)'}; ` +
        `${selected.calls} S3 requests`,
    );
    await core.summary
      .addHeading(`Dataset ${escapeHtml(selected.dataset)}`, 3)
      .addRaw(`${escapeMarkdown(selected.uri)}\n\n`)
      .addTable([
        [
          { data: 'Part', header: true },
          { data: 'State', header: true },
          { data: 'Files', header: true },
          { data: 'Size', header: true },
        ],
        ...selected.parts.map((p) =>
          [
            p.name,
            p.state,
            p.fileCount === undefined ? '' : String(p.fileCount),
            p.totalBytes === undefined ? '' : formatBytes(p.totalBytes),
          ].map(escapeHtml),
        ),
      ])
      .addRaw(
        selected.skipped.length
          ? `\nNewer datasets passed over: ${escapeMarkdown(selected.skipped.map((s) => `${s.dataset} (${s.reason})`).join('; '))}\n`
          : '',
      )
      .write();
  } finally {
    s3.destroy();
  }
}
