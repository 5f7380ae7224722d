import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../support/action-runner';
import { isReusable, workflowFiles } from '../support/workflows';

/** What `npm run docs` publishes for each reusable workflow: every input, secret and output. */
const reusable = workflowFiles().filter(isReusable);
const badFixture = 'tests/workflows/fixtures/bad-docs.yml';
const pages: Record<string, string> = JSON.parse(
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'tests/workflows/helpers/render-workflow-docs.mjs'),
      ...reusable.map((w) => w.file),
      badFixture,
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  ),
);

describe.each(reusable.map((w) => [w.file, w] as const))('action-docs for %s', (file, w) => {
  const call = w.doc.on.workflow_call;
  const names = [
    ...Object.keys(call.inputs ?? {}),
    ...Object.keys(call.secrets ?? {}),
    ...Object.keys(call.outputs ?? {}),
  ];

  it('documents every input, secret and output with its description', () => {
    const page = pages[file];
    expect(page).toContain(`# ${w.doc.name}`);
    const missing = names.filter((name) => !page.includes(`| \`${name}\` | <p>`));
    expect(missing).toEqual([]);
  });

  it('gives every input, secret and output a real description (a sentence, not a word)', () => {
    const entries = [call.inputs, call.secrets, call.outputs].flatMap((group) =>
      Object.entries(group ?? {}),
    ) as [string, { description?: string }][];
    expect(
      entries
        .filter(([, spec]) => String(spec?.description ?? '').trim().length < 10)
        .map(([n]) => n),
    ).toEqual([]);
  });

  it('keeps names with underscores intact (written as code, not read as emphasis)', () => {
    expect(pages[file]).not.toContain('<em>');
  });
});

describe('action-docs: the emphasis check can fail', () => {
  it('fixtures/bad-docs.yml renders SAMPLE_SIZE_ROWS with <em>', () => {
    expect(pages[badFixture]).toContain('SAMPLE<em>SIZE</em>ROWS');
  });
});
