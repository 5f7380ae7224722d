import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadWorkflow, stepsOf, type Yaml } from '../support/workflows';
import { condition, interpolate } from '../../packages/cli/src/workflow/expressions';

/**
 * The inputs an old tenant repository needs (issue 12): the sync's working directory, the tunnel's
 * local port, the upload's command. The workflows' own check steps run here with bash, and the
 * expressions that decide the tunnel and the tools are evaluated as GitHub would.
 */
const SYNC = '.github/workflows/zoho-desk-sync.yml';
const UPLOAD = '.github/workflows/data-upload.yml';

const stepOf = (file: string, job: string, id: string): Yaml => {
  const found = stepsOf(loadWorkflow(file).doc.jobs[job]).find((s: Yaml) => s.id === id);
  if (!found) throw new Error(`${file} ${job}: no step ${id}`);
  return found;
};

function runCheck(step: Yaml, values: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-adoption-check-'));
  try {
    const output = path.join(dir, 'output');
    writeFileSync(output, '');
    writeFileSync(path.join(dir, 'step.sh'), step.run);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output };
    for (const name of Object.keys(step.env ?? {})) env[name] = values[name] ?? '';
    const result = spawnSync(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', path.join(dir, 'step.sh')],
      { env, encoding: 'utf8' },
    );
    return {
      status: result.status,
      errors: `${result.stdout}\n${result.stderr}`
        .split('\n')
        .filter((l) => l.startsWith('::error')),
      outputs: readFileSync(output, 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const valid = { TIMEOUT_MINUTES: '60', UPLOAD_SCRIPT: 'run.sh' };

describe('zoho-desk-sync: working-directory stays inside the project folder', () => {
  const check = stepOf(SYNC, 'sync', 'check');

  it('defaults to the old pipeline folder and command', () => {
    const inputs = loadWorkflow(SYNC).doc.on.workflow_call.inputs;
    expect(inputs['working-directory'].default).toBe('zoho_desk_sync/update_cycle_GHA');
    expect(inputs.command.default).toBe('bash run_update.sh');
  });

  it.each(['zoho_desk_sync/update_cycle_GHA', '', 'sync', 'a/b.c/d-e'])('accepts %j', (dir) => {
    const run = runCheck(check, { ...valid, WORKING_DIRECTORY: dir });
    expect(run.errors).toEqual([]);
    expect(run.status).toBe(0);
  });

  it.each(['../CAT-OTHER', '/etc', 'a/../../b', 'a/..', 'a;id', 'a b', '$(id)'])(
    'refuses %j with one error',
    (dir) => {
      const run = runCheck(check, { ...valid, WORKING_DIRECTORY: dir });
      expect(run.status).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(/^::error title=Bad working-directory::/);
      expect(run.errors[0]).not.toContain('$(id)');
    },
  );
});

describe.each([
  [SYNC, 'sync'],
  [UPLOAD, 'data-upload-4'],
])('%s: local-port is empty (the database port), 0 or a port', (file, job) => {
  const check = stepOf(file, job, 'check');

  it('defaults to empty, which the tunnel reads as the database port', () => {
    expect(loadWorkflow(file).doc.on.workflow_call.inputs['local-port'].default).toBe('');
    expect(stepOf(file, job, 'tunnel').with['local-port']).toBe('${{ inputs.local-port }}');
  });

  it.each(['', '0', '5432', '65535', '15432'])('accepts %j', (port) => {
    expect(runCheck(check, { ...valid, LOCAL_PORT: port }).status).toBe(0);
  });

  it.each(['65536', '99999', 'abc', '-1', '05432', '5432x'])('refuses %j', (port) => {
    const run = runCheck(check, { ...valid, LOCAL_PORT: port });
    expect(run.status).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^::error title=Bad local-port::/)]);
  });
});

describe('data-upload: the command, else upload-script, decides the tunnel', () => {
  const tunnel = stepOf(UPLOAD, 'data-upload-4', 'tunnel');
  const tools = stepOf(UPLOAD, 'data-upload-4', 'tools');
  const stage = stepOf(UPLOAD, 'data-upload-4', 'stage');
  const check = stepOf(UPLOAD, 'data-upload-4', 'check');
  const contexts = (inputs: Record<string, string>) => ({
    inputs: { command: '', 'upload-script': 'run.sh', tools: 'pipenv,awscli', ...inputs },
  });

  it.each([
    [{}, false, 'pipenv,awscli', 'bash run.sh'],
    [
      { 'upload-script': 'upload_to_postgres.py' },
      true,
      'pipenv,awscli,session-manager-plugin',
      'python3 upload_to_postgres.py',
    ],
    [
      { 'upload-script': 'Upload_To_Postgres.sh' },
      true,
      'pipenv,awscli,session-manager-plugin',
      'bash Upload_To_Postgres.sh',
    ],
    [
      { command: 'python3 load_postgres.py --all' },
      true,
      'pipenv,awscli,session-manager-plugin',
      'python3 load_postgres.py --all',
    ],
    [
      { command: 'bash load.sh', 'upload-script': 'upload_to_postgres.py' },
      false,
      'pipenv,awscli',
      'bash load.sh',
    ],
    [
      { 'upload-script': 'upload_to_postgres.py', tools: 'none' },
      true,
      'none',
      'python3 upload_to_postgres.py',
    ],
  ])('%j: tunnel %s, tools %s, stage-command %s', (inputs, opens, toolList, command) => {
    const status = { failed: false, cancelled: false };
    expect(condition(tunnel.if, contexts(inputs), status)).toBe(opens);
    expect(interpolate(tools.with.tools, contexts(inputs), status)).toBe(toolList);
    expect(interpolate(stage.with['stage-command'], contexts(inputs), status)).toBe(command);
  });

  it('a postgres command without db-host fails before anything runs', () => {
    const run = runCheck(check, {
      ...valid,
      UPLOAD_COMMAND: 'python3 LOAD_POSTGRES.py',
      DB_HOST: '',
    });
    expect(run.status).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^::error title=Missing db-host::/)]);
  });
});
