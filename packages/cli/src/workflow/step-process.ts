/**
 * One step's process as the runner starts it: the file commands (GITHUB_OUTPUT, GITHUB_ENV,
 * GITHUB_PATH, GITHUB_STEP_SUMMARY) in a folder of their own, the log masked line by line, and
 * SIGTERM to its whole process group (SIGKILL 5 s later) when the job is cancelled or the step's
 * time is up.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseFileCommands, type LogMasker } from '../file-commands';

export interface StepOutput {
  exitCode: number;
  log: string;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  summary: string;
  addedPath: string[];
}

export interface ProcessRequest {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** A fresh folder for the file commands. */
  filesDir: string;
  masker: LogMasker;
  signal?: AbortSignal;
  timeoutMs?: number;
  onLine?: (line: string) => void;
}

export async function runStepProcess(request: ProcessRequest): Promise<StepOutput> {
  mkdirSync(request.filesDir, { recursive: true });
  const files = {
    GITHUB_OUTPUT: path.join(request.filesDir, 'output'),
    GITHUB_ENV: path.join(request.filesDir, 'env'),
    GITHUB_PATH: path.join(request.filesDir, 'path'),
    GITHUB_STEP_SUMMARY: path.join(request.filesDir, 'summary.md'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const lines: string[] = [];
  const show = (line: string) => {
    const masked = request.masker.apply(line);
    lines.push(masked);
    request.onLine?.(masked);
  };
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(request.command, request.args, {
      cwd: request.cwd,
      env: { ...request.env, ...files },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a cancel stops the script's children too (a `sleep`, a stage).
      detached: true,
    });
    let killer: NodeJS.Timeout | undefined;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const stop = () => {
      signalGroup('SIGTERM');
      killer ??= setTimeout(() => signalGroup('SIGKILL'), 5000);
    };
    request.signal?.addEventListener('abort', stop, { once: true });
    const timer = request.timeoutMs
      ? setTimeout(() => {
          show(`##[error]The step ran longer than its timeout-minutes; stopping it.`);
          stop();
        }, request.timeoutMs)
      : undefined;
    let open = 2;
    let code: number | undefined;
    const done = () => {
      if (open > 0 || code === undefined) return;
      if (timer) clearTimeout(timer);
      if (killer) clearTimeout(killer);
      request.signal?.removeEventListener('abort', stop);
      resolve(code);
    };
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream })
        .on('line', show)
        .on('close', () => {
          open--;
          done();
        });
    }
    child.on('error', (error) => {
      show(`##[error]Could not start ${request.command}: ${error.message}`);
      code = 127;
      open = 0;
      done();
    });
    child.on('close', (status, signal) => {
      code = status ?? (signal ? 143 : 1);
      done();
    });
  });
  const read = (file: string) => readFileSync(file, 'utf8');
  return {
    exitCode,
    log: lines.join('\n'),
    outputs: parseFileCommands(read(files.GITHUB_OUTPUT)),
    exportedEnv: parseFileCommands(read(files.GITHUB_ENV)),
    summary: read(files.GITHUB_STEP_SUMMARY),
    addedPath: read(files.GITHUB_PATH).split('\n').filter(Boolean),
  };
}
