import { describe, expect, it } from '@jest/globals';
import { condition, evaluate, interpolate } from './helpers/expression-eval';

/** The expression evaluator the workflow runner uses, checked against GitHub's documented rules. */
const contexts = {
  inputs: {
    'sample-size': 'all',
    projects: '',
    'upload-script': 'Upload_To_Postgres.sh',
    'db-port': 5432,
  },
  steps: { tenant: { outputs: { tenant: 'demo', 'role-arn': 'arn:x' } } },
  needs: { 'data-fetch-1a': { outputs: { dataset: '20240328_084742_utc' } } },
  github: { run_id: '42' },
};

describe('expressions', () => {
  it.each([
    ['inputs.sample-size', 'all'],
    ["inputs['sample-size']", 'all'],
    ['steps.tenant.outputs.role-arn', 'arn:x'],
    ['steps.missing.outputs.x', null],
    ['needs.data-fetch-1a.outputs.dataset', '20240328_084742_utc'],
    ['inputs.projects || \'["DEV:DEMO-DEV"]\'', '["DEV:DEMO-DEV"]'],
    ["steps.tenant.outputs.tenant || 'x'", 'demo'],
    ["contains(inputs.upload-script, 'postgres')", true],
    ["contains(inputs.upload-script, 'mysql')", false],
    ["inputs.sample-size != ''", true],
    ["inputs.sample-size == 'ALL'", true],
    ['inputs.db-port == 5432', true],
    ["inputs.db-port == '5432'", true],
    ["!(inputs.sample-size == 'all')", false],
    ["format('{0}-{1}', 'a', 2)", 'a-2'],
    ['fromJSON(\'["a","b"]\')', ['a', 'b']],
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

  it('an if: runs on success by default; failure() and always() override', () => {
    const ok = { failed: false };
    const failed = { failed: true };
    expect(condition(undefined, contexts, ok)).toBe(true);
    expect(condition(undefined, contexts, failed)).toBe(false);
    expect(condition("inputs.sample-size != ''", contexts, failed)).toBe(false);
    expect(condition('failure()', contexts, failed)).toBe(true);
    expect(condition('${{ failure() }}', contexts, ok)).toBe(false);
    expect(condition('always()', contexts, failed)).toBe(true);
  });

  it('rejects what it does not understand', () => {
    expect(() => evaluate('hashFiles(x)', contexts)).toThrow('Unknown function hashFiles()');
    expect(() => evaluate('inputs.a ==', contexts)).toThrow(SyntaxError);
    expect(() => evaluate('a b', contexts)).toThrow('Unexpected "b"');
  });
});
