import { spawn } from 'node:child_process';
import os from 'node:os';
import {
  canTrackProcesses,
  endMarkedProcesses,
  killMarkedProcessesNow,
  newRunMarker,
  stopGroup,
  type MarkedEnd,
  type TrackedProcess,
} from '@cat-actions/process';
import { readLines, type LineReader } from './line-reader';
import { LineStreamRedactor, type SecretRedactor } from './redaction';

/**
 * The runner cancels a step with SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after
 * that. SIGTERM to the stage at once and SIGKILL 5 s later ends it before the runner's own
 * SIGTERM, with time left to report; the runner's SIGTERM turns the rest of the grace into an
 * immediate SIGKILL.
 */
export const DEFAULT_GRACE_MS = 5000;
/** How long the output pipes may stay open once every process of the stage has been ended. */
const DRAIN_MS = 2000;
/** setTimeout's limit: a longer delay fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
  /**
   * Secret redaction that also sees neighbouring lines (a multi-line secret across lines), per
   * output stream; used instead of `redact` when given.
   */
  redactor?: SecretRedactor;
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
  /**
   * Processes the stage started that were still running when it exited by itself, then ended:
   * each still held the stage's environment, secrets included.
   */
  leftovers: TrackedProcess[];
  /** Processes that even SIGKILL did not end in time (uninterruptible I/O). */
  survivors: TrackedProcess[];
}

const signalNumber = (signal: string) =>
  (os.constants.signals as Record<string, number>)[signal] ?? 0;

/**
 * Runs a stage so that nothing it started outlives the step. Every process of the stage carries
 * a run marker in its environment (see @cat-actions/process), and on exit, timeout or cancel
 * every marked process is ended, wherever it went (a new session, a double fork). The step waits
 * for the stage's own exit, not for its pipes: a process that escaped with stdout open is ended,
 * and the pipes get a short while to drain. Output is streamed line by line as it comes.
 */
export function runProcessTree(spec: ProcessSpec): Promise<ProcessOutcome> {
  const started = Date.now();
  const graceMs = spec.graceMs ?? DEFAULT_GRACE_MS;
  const keep = spec.tailLines ?? 40;
  const tail: string[] = [];
  const keepLine = (line: string) => {
    tail.push(line);
    if (tail.length > keep) tail.shift();
    spec.onLine(line);
  };
  const onLine = (raw: string) => keepLine(spec.redact ? spec.redact(raw) : raw);
  const marker = newRunMarker();

  return new Promise((resolve) => {
    // A new session (detached) keeps the runner's signals to this process from reaching the
    // stage directly: this process decides how the stage ends.
    const child = spawn(spec.file, spec.args, {
      cwd: spec.cwd,
      env: { ...spec.env, [marker.name]: marker.value },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let cancelled = false;
    const hurry = new AbortController();
    let ending: Promise<MarkedEnd> | undefined;
    const endAll = (): Promise<MarkedEnd> => {
      ending ??= canTrackProcesses()
        ? endMarkedProcesses(marker, { graceMs, session: child.pid, hurry: hurry.signal })
        : // No /proc: the stage's process group is what can be found.
          (child.pid ? stopGroup(child.pid, graceMs) : Promise.resolve()).then(() => ({
            found: [],
            survivors: [],
          }));
      return ending;
    };

    const readers: LineReader[] = [];
    const streams = [child.stdout, child.stderr].map(
      (output) =>
        new Promise<void>((done) => {
          const redactor = spec.redactor
            ? new LineStreamRedactor(spec.redactor, keepLine)
            : undefined;
          const reader = readLines(
            output,
            (raw) => (redactor ? redactor.push(raw) : onLine(raw)),
            () => {
              redactor?.flush();
              done();
            },
          );
          readers.push(reader);
        }),
    );
    const timer =
      spec.timeoutMs && child.pid
        ? setTimeout(
            () => {
              timedOut = true;
              void endAll();
            },
            Math.min(spec.timeoutMs, MAX_TIMER_MS),
          )
        : undefined;
    const onCancel = () => {
      // The runner's second signal: no more grace.
      if (cancelled) hurry.abort();
      cancelled = true;
      void endAll();
    };
    // Should this process end while the stage runs (an uncaught error), the stage goes with it.
    const onExit = () => killMarkedProcessesNow(marker, child.pid);
    process.on('SIGINT', onCancel);
    process.on('SIGTERM', onCancel);
    if (canTrackProcesses()) process.on('exit', onExit);
    const finish = (outcome: Omit<ProcessOutcome, 'durationMs' | 'tail'>) => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onCancel);
      process.off('SIGTERM', onCancel);
      process.off('exit', onExit);
      resolve({ ...outcome, durationMs: Date.now() - started, tail });
    };

    child.once('error', (error) => {
      onLine(`Could not start ${spec.file}: ${error.message}`);
      finish({ exitCode: 127, timedOut, cancelled, leftovers: [], survivors: [] });
    });
    child.once('exit', async (code, signal) => {
      // Exited by itself: a timeout firing while leftovers are ended must not relabel it.
      if (timer) clearTimeout(timer);
      const endedByUs = timedOut || cancelled;
      const { found, survivors } = await endAll();
      // Whatever still holds the pipes is gone now (or cannot be ended): drain what is
      // buffered, then stop reading rather than wait for a survivor.
      let drained: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(streams),
        new Promise<void>((done) => {
          drained = setTimeout(done, DRAIN_MS);
        }),
      ]);
      clearTimeout(drained);
      // Closed before the pipes: a line still without its ending is dropped, as it always was.
      for (const reader of readers) reader.close();
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish({
        exitCode: code ?? 128 + signalNumber(signal ?? ''),
        signal: signal ?? undefined,
        timedOut,
        cancelled,
        leftovers: endedByUs ? [] : found,
        survivors,
      });
    });
  });
}

/** Names what a stage left running (its command redacted: a command line may carry a secret). */
export function describeLeftovers(
  leftovers: TrackedProcess[],
  redact: (text: string) => string,
): string {
  const named = leftovers.map((p) => `pid ${p.pid} \`${redact(p.command)}\``).join(', ');
  return (
    `The stage exited and left ${leftovers.length} process(es) running, now ended: ${named}. ` +
    'They held its environment, secrets included. Wait for background jobs (`wait`) before the ' +
    'stage script exits, or end them yourself.'
  );
}
