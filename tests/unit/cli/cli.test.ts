import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { removeFolders, repoRoot, repository } from './workflow-fixture';

afterAll(removeFolders);

/** `npx cat-actions` as a user runs it: the bin over the bundled CLI (dist/cli, `npm run build`). */
function cli(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'packages/cli/bin/cat-actions.js'), ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, CAT_ACTIONS_ROOT: repoRoot },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const workflowFile = (yaml: string) =>
  path.join(repository({ '.github/workflows/w.yml': yaml }), '.github/workflows/w.yml');

describe('cat-actions: help, usage errors and the list of actions', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints the usage and exits 0', (flag) => {
    const { code, stdout } = cli(flag);
    expect(code).toBe(0);
    expect(stdout).toContain('cat-actions workflow <workflow.yml>');
    expect(stdout).toContain('cat-actions run <action>');
  });

  it('an unknown command exits 2 with the usage', () => {
    const { code, stderr } = cli('deploy');
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown command "deploy".');
    expect(stderr).toContain('Usage:');
  });

  it('run with an unknown action exits 2 and lists the actions there are', () => {
    const { code, stderr } = cli('run', 'no-such-action');
    expect(code).toBe(2);
    expect(stderr).toContain(
      'No action named no-such-action. Available actions: assume-role, find-bucket, latest-dataset, notify-slack, open-bastion-tunnel, resolve-tenant, run-stage',
    );
  });
});

describe('cat-actions workflow', () => {
  it('prints each job and step with its outcome, folds logs, and exits 0 when every job succeeded', () => {
    const file = workflowFile(`
on: workflow_dispatch
jobs:
  hello:
    runs-on: x
    outputs:
      greeting: \${{ steps.say.outputs.greeting }}
    steps:
      - id: say
        name: Say hello
        run: |
          echo "greeting=hello \${{ secrets.NAME }}" >> "$GITHUB_OUTPUT"
          echo "one line of log"
          echo "### Hello" >> "$GITHUB_STEP_SUMMARY"
`);
    const { code, stdout } = cli(
      'workflow',
      file,
      '--secret',
      'NAME=Ada-the-secret',
      '--env',
      'X=1',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('▶ hello');
    expect(stdout).toContain('[hello] ▶ Say hello');
    expect(stdout).toMatch(/\[hello\] ✓ Say hello: success \(\d+\.\d s\)/);
    expect(stdout).toContain('(1 log line folded; --verbose shows them)');
    expect(stdout).toContain('greeting=hello ***');
    expect(stdout).toContain('Step summary: hello / Say hello');
    expect(stdout).toContain('Result: success');
    expect(stdout).not.toContain('Ada-the-secret');
  });

  it("exits 1 when a job fails, and shows the failed step's log", () => {
    const file = workflowFile(`
on: push
jobs:
  broken:
    runs-on: x
    steps:
      - name: Fail
        run: echo "the source answered 503" && exit 3
`);
    const { code, stdout } = cli('workflow', file, '--env', 'X=1');
    expect(code).toBe(1);
    expect(stdout).toContain('✗ Fail: failure');
    expect(stdout).toContain('      the source answered 503');
    expect(stdout).toContain('Result: failure');
  });

  it('refuses an unsupported construct by name and place, exit 2, before anything runs', () => {
    const file = workflowFile(`
on: push
jobs:
  build:
    runs-on: x
    container: node:20
    steps:
      - run: echo ran
`);
    const { code, stdout, stderr } = cli('workflow', file, '--env', 'X=1');
    expect(code).toBe(2);
    expect(stderr).toMatch(/not supported here: `container:` at .*w\.yml:build/);
    expect(stdout).not.toContain('ran');
  });
});
