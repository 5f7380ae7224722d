import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/action-runner';

interface Metadata {
  name?: string;
  description?: string;
  runs?: { using?: string; main?: string; post?: string };
  inputs?: Record<string, { description?: string }>;
  outputs?: Record<string, { description?: string }>;
}

// Every root folder with an action.yml is a published action (`cat-org/cat-actions/<name>@v1`).
const actionNames = readdirSync(repoRoot).filter((name) =>
  existsSync(path.join(repoRoot, name, 'action.yml')),
);
const actions = actionNames.map((name) => ({
  name,
  meta: parse(readFileSync(path.join(repoRoot, name, 'action.yml'), 'utf8')) as Metadata,
}));

// GitHub evaluates `${{ }}` in descriptions and refuses to load the action ("Unrecognized
// named-value"); only `default:` may hold an expression.
const descriptions = (meta: Metadata) => [
  meta.description ?? '',
  ...Object.values(meta.inputs ?? {}).map((i) => i.description ?? ''),
  ...Object.values(meta.outputs ?? {}).map((o) => o.description ?? ''),
];

describe('every published action', () => {
  it('is found', () => {
    expect(actions.map((a) => a.name)).toContain('resolve-tenant');
  });

  it.each(actions)('$name runs its own bundle on node24', ({ name, meta }) => {
    expect(meta.runs?.using).toBe('node24');
    expect(meta.runs?.main).toBe(`../dist/${name}/index.js`);
    if (meta.runs?.post) expect(meta.runs.post).toBe(`../dist/${name}/index.js`);
  });

  it.each(actions)('$name describes itself, every input and every output', ({ meta }) => {
    for (const text of descriptions(meta)) expect(text.trim()).not.toBe('');
  });

  it.each(actions)('$name has no expression in a description', ({ meta }) => {
    for (const text of descriptions(meta)) expect(text).not.toContain('${{');
  });

  it.each(actions)('$name uses kebab-case input and output names', ({ meta }) => {
    for (const key of [...Object.keys(meta.inputs ?? {}), ...Object.keys(meta.outputs ?? {})])
      expect(key).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });
});

describe('the generated reference (action-docs/)', () => {
  const pages = readdirSync(path.join(repoRoot, 'action-docs')).filter((f) => f.endsWith('.md'));

  it('has a page per action', () => {
    for (const name of actionNames) expect(pages).toContain(`${name}.md`);
  });

  it.each(pages)('%s renders identifiers as code and shows a real `uses:`', (page) => {
    const text = readFileSync(path.join(repoRoot, 'action-docs', page), 'utf8');
    // An underscore outside a code span turns the rest of a variable name into italics.
    expect(text).not.toContain('<em>');
    expect(text).not.toContain('***PROJECT***');
    if (page !== 'README.md') expect(text).toMatch(/uses: cat-org\/cat-actions\/[\w./-]+@v1/);
  });
});
