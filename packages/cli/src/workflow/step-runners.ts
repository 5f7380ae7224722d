/**
 * The kinds of step a job runs here: `run:` scripts in their shell, this repository's actions
 * through the local runner (their committed bundles, post steps deferred to the job's end), and
 * the engine's stand-ins for actions/checkout and actions/setup-python.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LogMasker } from '../file-commands';
import { runLocalAction } from '../local-runner';
import { runStepProcess, type StepOutput } from './step-process';

export interface StepEnvironment {
  repoRoot: string;
  workspace: string;
  /** The step process's whole environment. */
  env: Record<string, string>;
  /** A fresh folder for this step's runner files. */
  filesDir: string;
  masker: LogMasker;
  signal: AbortSignal;
  timeoutMs?: number;
  onLine?: (line: string) => void;
}

export interface StepRunResult extends StepOutput {
  /** An action's post step, run when the job ends. */
  post?: () => Promise<StepOutput>;
}

/** `shell:` -> the command line, as GitHub's Linux runner builds it. */
export function shellCommand(shell: string | undefined, script: string): string[] {
  switch (shell) {
    case undefined:
      return ['bash', '-e', script]; // GitHub's default when no shell is named
    case 'bash':
      return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', script];
    case 'sh':
      return ['sh', '-e', script];
    case 'python':
      return ['python3', script];
    default:
      return shell
        .split(/\s+/)
        .filter(Boolean)
        .map((part) => part.replace('{0}', script));
  }
}

export async function runScript(
  script: string,
  shell: string | undefined,
  workingDirectory: string | undefined,
  step: StepEnvironment,
): Promise<StepRunResult> {
  mkdirSync(step.filesDir, { recursive: true });
  const file = path.join(step.filesDir, shell === 'python' ? 'step.py' : 'step.sh');
  writeFileSync(file, script);
  const [command, ...args] = shellCommand(shell, file);
  const cwd = path.resolve(step.workspace, workingDirectory ?? '.');
  return runStepProcess({ ...step, command, args, cwd });
}

export async function runRepositoryAction(
  action: string,
  inputs: Record<string, string>,
  step: StepEnvironment,
): Promise<StepRunResult> {
  const run = (phase: string) => ({
    repoRoot: step.repoRoot,
    action,
    inputs,
    env: step.env,
    workspace: step.workspace,
    runnerDir: path.join(step.filesDir, phase),
    masker: step.masker,
    signal: step.signal,
    onLine: step.onLine,
    timeoutMs: step.timeoutMs,
  });
  mkdirSync(path.join(step.filesDir, 'action'), { recursive: true });
  const result = await runLocalAction({ ...run('action'), post: 'defer' });
  return { ...result, post: result.runPost };
}

/** actions/checkout: the caller's repository copied into the workspace (or `with.path` in it). */
export function checkout(
  callerRepo: string,
  inputs: Record<string, string>,
  step: StepEnvironment,
): StepRunResult {
  const target = path.resolve(step.workspace, inputs.path || '.');
  cpSync(callerRepo, target, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !/[/\\](node_modules|\.git)$/.test(source),
  });
  const log = `Copied ${callerRepo} into ${target} (actions/checkout stands in: no git clone here)`;
  step.onLine?.(log);
  return { exitCode: 0, log, outputs: {}, exportedEnv: {}, summary: '', addedPath: [] };
}

/** actions/setup-python: the python3 on PATH, named with the version asked for and the one found. */
export function setupPython(inputs: Record<string, string>, step: StepEnvironment): StepRunResult {
  const asked = inputs['python-version'] || '(none)';
  const found = spawnSync(
    'python3',
    ['-c', 'import sys,platform; print(platform.python_version()); print(sys.executable)'],
    {
      env: step.env,
      encoding: 'utf8',
    },
  );
  if (found.status !== 0 || !found.stdout) {
    const log = `::error title=No Python::actions/setup-python asked for Python ${asked}; this machine has no python3 on PATH. Install Python 3, or leave python-version empty where the workflow allows it.`;
    step.onLine?.(log);
    return { exitCode: 1, log, outputs: {}, exportedEnv: {}, summary: '', addedPath: [] };
  }
  const [version, executable] = found.stdout.trim().split('\n');
  const matches = asked === '(none)' || version === asked || version.startsWith(`${asked}.`);
  const versions = `asked for Python ${asked}; found python3 ${version} (${executable})`;
  const log = matches
    ? `actions/setup-python ${versions}`
    : `::warning title=Python version::actions/setup-python ${versions}, which runs the stages: this engine does not download Python.`;
  step.onLine?.(log);
  return {
    exitCode: 0,
    log,
    outputs: { 'python-version': version, 'python-path': executable },
    exportedEnv: {},
    summary: '',
    addedPath: [],
  };
}
