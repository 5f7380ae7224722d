import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@cat-actions/core';
import { parseStageCommand, planStage, type StageRequest } from '@cat-actions/stage';

// A project laid out like the old template: each stage folder holds its own scripts.
const workspace = mkdtempSync(path.join(os.tmpdir(), 'stage-command-'));
const project = path.join(workspace, 'Project', 'CAT-T-DEV');
const sync = path.join(project, 'zoho_desk_sync', 'update_cycle_GHA');
for (const [file, text] of [
  ['1a/run.sh', 'echo ok\n'],
  ['1a/fetch_all.sh', 'echo ok\n'],
  ['1a/tools/fetch.py', 'print(1)\n'],
  ['2a/run.sh', 'echo ok\n'],
  ['secret.sh', 'echo outside\n'],
  ['zoho_desk_sync/update_cycle_GHA/run_update.sh', 'echo sync\n'],
] as const) {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
}
symlinkSync('../secret.sh', path.join(project, '1a', 'escape.sh'));

const request = (overrides: Partial<StageRequest> = {}): StageRequest => ({
  workspace,
  stage: '1a',
  workingDirectory: '',
  projectDir: 'CAT-T-DEV',
  command: '',
  dataset: '',
  download: '',
  upload: '1b*',
  publishTo: '',
  bucket: 'cat-data-dev',
  tenant: 'cat-t',
  secretName: '',
  environment: 'DEV',
  env: '',
  python: '',
  timeoutMinutes: '',
  concurrency: '',
  ...overrides,
});

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('a stage command names a script of its stage folder', () => {
  it.each([
    ['bash run.sh', 'bash 1a/run.sh'],
    ['bash fetch_all.sh', 'bash 1a/fetch_all.sh'],
    ['python3 tools/fetch.py --full 7', 'python3 1a/tools/fetch.py --full 7'],
    ['./run.sh', '1a/run.sh'],
    ['sh ./run.sh', 'sh 1a/run.sh'],
  ])('%s -> %s in the project folder', (given, shell) => {
    expect(parseStageCommand(given, project, '1a').shellCommand).toBe(shell);
    expect(planStage(request({ stageCommand: given })).command).toBe(shell);
  });

  it('quotes arguments, so none of the input is shell syntax', () => {
    const parsed = parseStageCommand("bash run.sh $(id) 'a;b' `x`", project, '1a');
    expect(parsed.args).toEqual(['$(id)', "'a;b'", '`x`']);
    expect(parsed.shellCommand).toBe(`bash 1a/run.sh '$(id)' ''\\''a;b'\\''' '\`x\`'`);
  });

  it('sync: the script sits in the working directory itself', () => {
    const plan = planStage(
      request({
        stage: 'sync',
        upload: '',
        workingDirectory: 'Project/CAT-T-DEV/zoho_desk_sync/update_cycle_GHA',
        stageCommand: 'bash run_update.sh',
      }),
    );
    expect(plan.command).toBe('bash run_update.sh');
    expect(plan.workingDirectory).toBe(sync);
  });

  it.each([
    ['a parent folder', 'bash ../secret.sh', 'without ".." or a leading "/"'],
    ['a parent inside the path', 'bash tools/../../secret.sh', 'without ".."'],
    ['an absolute path', 'bash /etc/passwd', 'without ".." or a leading "/"'],
    ['an absolute path inside', `bash ${project}/1a/run.sh`, 'a leading "/"'],
    ['another stage', 'bash ../2a/run.sh', 'without ".."'],
    ['a missing script', 'bash fetch.sh', 'no 1a/fetch.sh'],
    ['a folder', 'bash tools', 'no 1a/tools'],
    ['a link out of the folder', 'bash escape.sh', 'links to a file outside it'],
    ['only an interpreter', 'python3', 'a script after python3'],
    ['a control character', 'bash run.sh\u0007', 'without control characters'],
  ])('refuses %s', (_case, given, expected) => {
    const message = inputError(() => planStage(request({ stageCommand: given })));
    expect(message).toContain("Input 'stage-command'");
    expect(message).toContain(expected);
  });

  it('refuses command and stage-command together', () => {
    expect(
      inputError(() => planStage(request({ stageCommand: 'bash run.sh', command: 'echo hi' }))),
    ).toContain('not both');
  });
});

describe('the sync runs in the old pipeline folder when it is the working directory', () => {
  it('default command: bash run_update.sh beside its .env_gha and Pipfile', () => {
    const plan = planStage(
      request({
        stage: 'sync',
        upload: '',
        workingDirectory: 'Project/CAT-T-DEV/zoho_desk_sync/update_cycle_GHA',
      }),
    );
    expect(plan.command).toBe('bash run_update.sh');
    expect(plan.workingDirectoryLabel).toBe('Project/CAT-T-DEV/zoho_desk_sync/update_cycle_GHA');
  });

  it('from the project folder it still runs the script by its path', () => {
    expect(planStage(request({ stage: 'sync', upload: '' })).command).toBe(
      'bash zoho_desk_sync/update_cycle_GHA/run_update.sh',
    );
  });
});
