import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { groupAlive, stopGroup } from '@cat-actions/process';

export interface ProcessSpec {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The whole tree is ended after this long; 0 or undefined: no limit. */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL, for stages that clean up on TERM. */
  graceMs?: number;
  /** Each output line as it arrives (stdout and stderr interleaved as they come), redacted. */
  onLine: (line: string) => void;
  /** Applied to every line before it is shown or kept (secret redaction). */
  redact?: (line: string) => string;
  /** How many last lines to keep for the failure message. */
  tailLines?: number;
}

export interface ProcessOutcome {
  exitCode: number;
  /** The signal that ended the process, when one did. */
  signal?: string;
  timedOut: boolean;
  /** The runner cancelled the step (SIGINT/SIGTERM to this process) while the stage ran. */
  cancelled: boolean;
  durationMs: number;
  /** The last `tailLines` lines, for the error message. */
  tail: string[];
  /** Processes of the tree still alive when the main process exited, then ended. */
  leftovers: boolean;
}

const signalNumber = (signal: string) =>
  (os.constants.signals as Record<string, number>)[signal] ?? 0;

/** SIGTERM the group, then SIGKILL what is left after the grace period. */
const endGroup = (pgid: number, graceMs: number) => stopGroup(pgid, graceMs);

/**
 * Runs a stage in its own process group (a new session), so that a timeout or a cancelled step
 * ends everything the stage started, not just the shell: background jobs, Python workers,
 * `aws` subprocesses. Output is streamed line by line as it comes.
 */
export function runProcessTree(spec: ProcessSpec): Promise<ProcessOutcome> {
  const started = Date.now();
  const graceMs = spec.graceMs ?? 10_000;
  const keep = spec.tailLines ?? 40;
  const tail: string[] = [];
  const onLine = (raw: string) => {
    const line = spec.redact ? spec.redact(raw) : raw;
    tail.push(line);
    if (tail.length > keep) tail.shift();
    spec.onLine(line);
  };

  return new Promise((resolve) => {
    const child = spawn(spec.file, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let cancelled = false;
    const streams = [child.stdout, child.stderr].map(
      (stream) =>
        new Promise<void>((done) =>
          createInterface({ input: stream }).on('line', onLine).on('close', done),
        ),
    );
    const pgid = child.pid;
    const timer =
      spec.timeoutMs && pgid
        ? setTimeout(() => {
            timedOut = true;
            void endGroup(pgid, graceMs);
          }, spec.timeoutMs)
        : undefined;
    // The runner cancels a step with SIGINT, then SIGTERM: pass it on to the stage's tree, which a
    // new session would otherwise shield from it.
    const onCancel = () => {
      cancelled = true;
      if (pgid) void endGroup(pgid, graceMs);
    };
    process.on('SIGINT', onCancel);
    process.on('SIGTERM', onCancel);
    const finish = (outcome: Omit<ProcessOutcome, 'durationMs' | 'tail'>) => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onCancel);
      process.off('SIGTERM', onCancel);
      resolve({ ...outcome, durationMs: Date.now() - started, tail });
    };

    child.once('error', (error) => {
      onLine(`Could not start ${spec.file}: ${error.message}`);
      finish({ exitCode: 127, timedOut, cancelled, leftovers: false });
    });
    child.once('exit', async (code, signal) => {
      // A background child may outlive the shell and keep the pipes open: end it too, so the
      // step finishes and nothing the stage started keeps running after it.
      let leftovers = false;
      if (pgid && groupAlive(pgid)) {
        leftovers = !timedOut && !cancelled;
        await endGroup(pgid, graceMs);
      }
      await Promise.all(streams);
      finish({
        exitCode: code ?? 128 + signalNumber(signal ?? ''),
        signal: signal ?? undefined,
        timedOut,
        cancelled,
        leftovers,
      });
    });
  });
}
