import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  condition,
  evaluate,
  ExpressionError,
  interpolate,
  render,
  type RunStatus,
} from '../../../packages/cli/src/workflow/expressions';

/** `${{ }}` as the engine evaluates it: GitHub's own parser and evaluator, the runner's functions. */
const contexts = {
  inputs: {
    'sample-size': 'all',
    projects: '',
    'upload-script': 'Upload_To_Postgres.sh',
    'db-port': 5432,
  },
  steps: { tenant: { outputs: { tenant: 'demo', 'role-arn': 'arn:x' } } },
  needs: { 'data-fetch-1a': { outputs: { dataset: '20240328_084742_utc' }, result: 'success' } },
  github: { run_id: '42' },
  matrix: { project: 'DEV:DEMO-DEV', python: ['3.11', '3.12'] },
};

const ok: RunStatus = { failed: false, cancelled: false };
const failed: RunStatus = { failed: true, cancelled: false };
const cancelled: RunStatus = { failed: false, cancelled: true };

describe('values the workflows read', () => {
  it.each([
    ['inputs.sample-size', 'all'],
    ["inputs['sample-size']", 'all'],
    ['steps.tenant.outputs.role-arn', 'arn:x'],
    ['steps.missing.outputs.x', null],
    ['needs.data-fetch-1a.outputs.dataset', '20240328_084742_utc'],
    ["needs.data-fetch-1a.result == 'success'", true],
    ['inputs.projects || \'["DEV:DEMO-DEV"]\'', '["DEV:DEMO-DEV"]'],
    ["steps.tenant.outputs.tenant || 'x'", 'demo'],
    ["contains(inputs.upload-script, 'postgres')", true],
    ["contains(inputs.upload-script, 'mysql')", false],
    ["contains(matrix.python, '3.12')", true],
    ["startsWith(matrix.project, 'dev:')", true],
    ["endsWith(matrix.project, '-DEV')", true],
    ["inputs.sample-size != ''", true],
    ["inputs.sample-size == 'ALL'", true],
    ['inputs.db-port == 5432', true],
    ["inputs.db-port == '5432'", true],
    ["!(inputs.sample-size == 'all')", false],
    ["format('{0}-{1}', 'a', 2)", 'a-2'],
    ["join(matrix.python, ', ')", '3.11, 3.12'],
    ['fromJSON(\'["a","b"]\')', ['a', 'b']],
    ['toJSON(fromJSON(\'{"a":1}\'))', '{\n  "a": 1\n}'],
    ["'it''s'", "it's"],
    ['1 < 2 && 3 >= 3', true],
  ])('%s', (source, expected) => {
    expect(evaluate(source, contexts)).toEqual(expected);
  });

  it('interpolates ${{ }} in text, null as empty', () => {
    expect(interpolate('Run=${{ github.run_id }} x=${{ steps.nope.outputs.y }}.', contexts)).toBe(
      'Run=42 x=.',
    );
  });

  it('a value that is one expression keeps its type (a matrix list from fromJSON)', () => {
    expect(render('${{ fromJSON(\'["DEV:A","PROD:B"]\') }}', contexts)).toEqual([
      'DEV:A',
      'PROD:B',
    ]);
    expect(render('${{ inputs.db-port }}', contexts)).toBe(5432);
    expect(render('port ${{ inputs.db-port }}', contexts)).toBe('port 5432');
  });
});

describe('if: runs on success by default; status functions decide otherwise', () => {
  it.each([
    [undefined, ok, true],
    [undefined, failed, false],
    [undefined, cancelled, false],
    ["inputs.sample-size != ''", ok, true],
    ["inputs.sample-size != ''", failed, false],
    ['failure()', failed, true],
    ['failure()', ok, false],
    ['${{ failure() }}', ok, false],
    ['always()', failed, true],
    ['always()', cancelled, true],
    ['cancelled()', cancelled, true],
    ['cancelled()', ok, false],
    ['success()', cancelled, false],
    ["(success() || failure()) && steps.tenant.outputs.tenant == 'demo'", failed, true],
  ])('if: %s when %j -> %s', (text, status, runs) => {
    expect(condition(text, contexts, status)).toBe(runs);
  });

  it('a job whose need was skipped does not run by default, nor on failure()', () => {
    const blocked = { failed: false, cancelled: false, blocked: true };
    expect(condition(undefined, contexts, blocked)).toBe(false);
    expect(condition('failure()', contexts, blocked)).toBe(false);
    expect(condition('always()', contexts, blocked)).toBe(true);
  });
});

describe('expressions GitHub rejects are rejected, naming the expression', () => {
  it.each([
    ['inputs.a ==', /inputs\.a ==/],
    ['nosuchcontext.a', /nosuchcontext/],
    ['nosuchfunction(1)', /nosuchfunction/],
    ["contains('a')", /contains/],
  ])('%s', (source, message) => {
    expect(() => evaluate(source, contexts)).toThrow(ExpressionError);
    expect(() => evaluate(source, contexts)).toThrow(message);
  });
});

describe('hashFiles: a digest of the workspace files that match, empty when none do', () => {
  it('changes with the content, ignores files that do not match, honours !exclusions', () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'cat-hash-'));
    try {
      mkdirSync(path.join(workspace, 'Project/DEMO'), { recursive: true });
      writeFileSync(path.join(workspace, 'Project/DEMO/Pipfile.lock'), '{"a":1}');
      writeFileSync(path.join(workspace, 'README.md'), 'x');
      const status = { failed: false, cancelled: false, workspace };
      const hash = (patterns: string) => evaluate(`hashFiles(${patterns})`, {}, status);
      const first = hash("'**/Pipfile.lock'");
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      writeFileSync(path.join(workspace, 'README.md'), 'changed');
      expect(hash("'**/Pipfile.lock'")).toBe(first);
      writeFileSync(path.join(workspace, 'Project/DEMO/Pipfile.lock'), '{"a":2}');
      expect(hash("'**/Pipfile.lock'")).not.toBe(first);
      expect(hash("'**/*.nothing'")).toBe('');
      expect(hash("'**', '!**/*.lock', '!README.md'")).toBe('');
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
