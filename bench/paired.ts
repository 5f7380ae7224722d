/**
 * Paired timing on a shared, noisy machine: two commands run in turns, A B then B A, so neither
 * always meets the warmer caches, and each pair gives one ratio A/B. Only medians of those ratios
 * are reported: a machine's absolute times say little when other work shares its cores.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface TimedCommand {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Stop the clock when this line appears on stdout (the process still runs to its end, untimed).
   * Default: the clock stops when the process has exited and its pipes are closed.
   */
  untilLine?: string;
  /** Called before each run, untimed (fresh runner files, a clean folder). */
  prepare?: () => void;
  /** Called with the output after each run, untimed: throws when the run did not do its work. */
  check?: (run: FinishedRun) => void;
}

export interface FinishedRun {
  seconds: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** One run: wall seconds from spawn to exit (or to `untilLine`), as a user waits for it. */
export function timeOnce(command: TimedCommand): Promise<FinishedRun> {
  command.prepare?.();
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let stopped: bigint | undefined;
    const child = spawn(command.file, command.args, {
      env: command.env,
      cwd: command.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: string[] = [];
    let stderr = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (stopped === undefined && command.untilLine && line.includes(command.untilLine)) {
        stopped = process.hrtime.bigint();
      }
      out.push(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const end = command.untilLine ? stopped : process.hrtime.bigint();
      const run = {
        seconds: end === undefined ? NaN : Number(end - started) / 1e9,
        exitCode: code ?? (signal ? 128 : 1),
        stdout: out.join('\n'),
        stderr,
      };
      try {
        if (end === undefined) {
          throw new Error(`never printed "${command.untilLine}" (exit ${run.exitCode})`);
        }
        command.check?.(run);
        resolve(run);
      } catch (error) {
        reject(
          new Error(
            `${command.args[0] ?? command.file}: ${(error as Error).message}\n` +
              `${run.stdout.slice(-1500)}\n${stderr.slice(-1500)}`,
          ),
        );
      }
    });
  });
}

export interface PairedResult {
  a: number[];
  b: number[];
  /** a[i] / b[i], pair by pair. */
  ratios: number[];
}

/** `runs` pairs of A and B, A first in even pairs and B first in odd ones. */
export async function pairedRuns(
  a: TimedCommand,
  b: TimedCommand,
  runs: number,
  onPair?: (index: number, a: number, b: number) => void,
): Promise<PairedResult> {
  const result: PairedResult = { a: [], b: [], ratios: [] };
  for (let i = 0; i < runs; i++) {
    let ta: number;
    let tb: number;
    if (i % 2 === 0) {
      ta = (await timeOnce(a)).seconds;
      tb = (await timeOnce(b)).seconds;
    } else {
      tb = (await timeOnce(b)).seconds;
      ta = (await timeOnce(a)).seconds;
    }
    result.a.push(ta);
    result.b.push(tb);
    result.ratios.push(ta / tb);
    onPair?.(i, ta, tb);
  }
  return result;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
