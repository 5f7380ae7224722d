/**
 * Runs an action's committed bundle as a GitHub runner would: INPUT_* variables, the file commands
 * (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_STEP_SUMMARY, GITHUB_PATH), RUNNER_TEMP and
 * GITHUB_WORKSPACE, then the post step with the state main saved. Tests and the demo use it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { evaluateDefault, readActionMetadata } from './action-metadata';
import { LogMasker, parseFileCommands } from './file-commands';

export interface LocalRunOptions {
  repoRoot: string;
  action: string;
  inputs?: Record<string, string>;
  /** Extra environment for the step, e.g. credentials exported by an earlier step. */
  env?: Record<string, string>;
  workspace?: string;
  /** Node binary; default: Node 24 from the `node` devDependency, as `runs.using: node24` asks. */
  node?: string;
  /**
   * Where the runner files go; default: a new `cat-<action>-*` temp dir, removed when the step
   * (and its post step) has run unless `keep`. A folder given here is the caller's to remove.
   */
  runnerDir?: string;
  /** Keep the temp runner folder (RUNNER_TEMP, the file commands) for a look afterwards. */
  keep?: boolean;
  /** Masks shared with the rest of a job: secrets, and values earlier steps masked. */
  masker?: LogMasker;
  /** Stops the action (SIGTERM), e.g. when a matrix job is cancelled by fail-fast. */
  signal?: AbortSignal;
  /**
   * The post step (when the action has one): `true` runs it right after main (the default);
   * `'defer'` leaves it to the caller through `runPost`, as a job runs posts at its end.
   */
  post?: boolean | 'defer';
  /** Receives each log line, masked as the runner would show it. */
  onLine?: (line: string) => void;
  timeoutMs?: number;
}

export interface StepResult {
  exitCode: number;
  /** The log as the runner shows it: values registered with ::add-mask:: replaced by ***. */
  log: string;
  /** The unmasked stdout and stderr, for tests that prove a secret was masked before it was printed. */
  rawLog: string;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  addedPath: string[];
  runnerDir: string;
}

export interface LocalRunResult extends StepResult {
  post?: StepResult;
  /** With `post: 'defer'`: runs the post step with the state main saved. */
  runPost?: () => Promise<StepResult>;
}

export function defaultNodeBinary(repoRoot: string): string {
  const node24 = path.join(repoRoot, 'node_modules', 'node', 'bin', 'node');
  return existsSync(node24) ? node24 : process.execPath;
}

export function inputEnvironment(
  declared: Record<string, { default?: string }>,
  given: Record<string, string>,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length) {
    throw new Error(
      `Unknown input(s) ${unknown.join(', ')}; declared: ${Object.keys(declared).join(', ')}`,
    );
  }
  const vars: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = name in given ? given[name] : evaluateDefault(spec.default, env);
    vars[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return vars;
}

export async function runLocalAction(options: LocalRunOptions): Promise<LocalRunResult> {
  const metadata = readActionMetadata(options.repoRoot, options.action);
  // Checked before any folder exists: a bad input leaves nothing behind.
  const inputs = inputEnvironment(metadata.inputs, options.inputs ?? {}, {
    ...process.env,
    ...options.env,
  });
  const ownsRunnerDir = !options.runnerDir && !options.keep;
  const runnerDir =
    options.runnerDir ?? mkdtempSync(path.join(os.tmpdir(), `cat-${options.action}-`));
  const removeRunnerDir = () => {
    if (ownsRunnerDir) rmSync(runnerDir, { recursive: true, force: true });
  };
  const workspace = path.resolve(options.workspace ?? process.cwd());
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION: options.action,
    GITHUB_REPOSITORY: process.env.GITHUB_REPOSITORY ?? 'local/cat-actions',
    GITHUB_RUN_ID: process.env.GITHUB_RUN_ID ?? '0',
    GITHUB_RUN_ATTEMPT: process.env.GITHUB_RUN_ATTEMPT ?? '1',
    GITHUB_SERVER_URL: process.env.GITHUB_SERVER_URL ?? 'https://github.com',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: path.join(runnerDir, 'temp'),
    ...options.env,
  };
  mkdirSync(baseEnv.RUNNER_TEMP!, { recursive: true });
  const env = { ...baseEnv, ...inputs };
  const node = options.node ?? defaultNodeBinary(options.repoRoot);

  const masker = options.masker ?? new LogMasker();
  const step = (phase: 'main' | 'post', script: string, state: Record<string, string>) =>
    runStep(phase, script, env, workspace, runnerDir, node, { ...options, masker }, state);
  let main: StepResult;
  try {
    main = await step('main', metadata.main, {});
  } catch (error) {
    removeRunnerDir();
    throw error;
  }
  const postScript = metadata.post;
  if (!postScript || options.post === false) {
    removeRunnerDir();
    return main;
  }
  const runPost = () => step('post', postScript, main.state).finally(removeRunnerDir);
  if (options.post === 'defer') return { ...main, runPost };
  return { ...main, post: await runPost() };
}

async function runStep(
  phase: 'main' | 'post',
  script: string,
  env: NodeJS.ProcessEnv,
  workspace: string,
  runnerDir: string,
  node: string,
  options: LocalRunOptions & { masker: LogMasker },
  savedState: Record<string, string>,
): Promise<StepResult> {
  const files = {
    GITHUB_OUTPUT: path.join(runnerDir, `${phase}-output`),
    GITHUB_ENV: path.join(runnerDir, `${phase}-env`),
    GITHUB_STATE: path.join(runnerDir, `${phase}-state`),
    GITHUB_STEP_SUMMARY: path.join(runnerDir, `${phase}-summary.md`),
    GITHUB_PATH: path.join(runnerDir, `${phase}-path`),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const stateEnv = Object.fromEntries(
    Object.entries(savedState).map(([k, v]) => [`STATE_${k}`, v]),
  );

  const child = spawn(node, [script], {
    cwd: workspace,
    env: { ...env, ...stateEnv, ...files },
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.signal,
    killSignal: 'SIGTERM',
  });
  child.on('error', () => undefined); // an abort ends it; 'close' still reports the exit
  const masker = options.masker;
  const shown: string[] = [];
  const raw: string[] = [];
  const collect = (stream: NodeJS.ReadableStream) =>
    new Promise<void>((resolve) => {
      createInterface({ input: stream })
        .on('line', (line) => {
          raw.push(line);
          const masked = masker.apply(line);
          shown.push(masked);
          options.onLine?.(masked);
        })
        .on('close', resolve);
    });
  const timer = options.timeoutMs
    ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    : undefined;
  const [exitCode] = await Promise.all([
    new Promise<number>((resolve) =>
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
    ),
    collect(child.stdout),
    collect(child.stderr),
  ]);
  if (timer) clearTimeout(timer);

  const read = (file: string) => readFileSync(file, 'utf8');
  return {
    exitCode,
    log: shown.join('\n'),
    rawLog: raw.join('\n'),
    outputs: parseFileCommands(read(files.GITHUB_OUTPUT)),
    exportedEnv: parseFileCommands(read(files.GITHUB_ENV)),
    state: parseFileCommands(read(files.GITHUB_STATE)),
    summary: read(files.GITHUB_STEP_SUMMARY),
    addedPath: read(files.GITHUB_PATH).split('\n').filter(Boolean),
    runnerDir,
  };
}
