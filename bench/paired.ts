/**
 * Paired timing on a shared, noisy machine: two commands run in turns, A B then B A, so neither
 * always meets the warmer caches, and each pair gives one ratio A/B. Only medians of those ratios
 * are reported: a machine's absolute times say little when other work shares its cores.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const GNU_TIME = '/usr/bin/time';

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
  /** User + system seconds of the whole process (to its exit, even with untilLine). */
  cpuSeconds: number;
  maxRssBytes: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

let runs = 0;

/**
 * One run: wall seconds from spawn to exit (or to `untilLine`), as a user waits for it. The
 * command runs under /usr/bin/time (a small C program: about a millisecond, the same for every
 * command), which reports its CPU seconds and peak RSS: on a shared machine CPU time says what a
 * process cost when wall time says mostly what the neighbours did.
 */
export function timeOnce(command: TimedCommand): Promise<FinishedRun> {
  command.prepare?.();
  const timeFile = path.join(os.tmpdir(), `cat-bench-time-${process.pid}-${runs++}.txt`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let stopped: bigint | undefined;
    const child = spawn(
      GNU_TIME,
      ['-f', '%U %S %M', '-o', timeFile, command.file, ...command.args],
      {
        env: command.env,
        cwd: command.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
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
      let usage = [NaN, NaN, NaN];
      try {
        usage = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      } catch {
        // No figures: the command could not start (its error follows).
      }
      rmSync(timeFile, { force: true });
      const run = {
        seconds: end === undefined ? NaN : Number(end - started) / 1e9,
        cpuSeconds: usage[0] + usage[1],
        maxRssBytes: usage[2] * 1024,
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
  /** CPU seconds of each run, and their ratios pair by pair. */
  cpuA: number[];
  cpuB: number[];
  cpuRatios: number[];
  /** Peak RSS of each side, the largest seen. */
  maxRssA: number;
  maxRssB: number;
}

/** `runs` pairs of A and B, A first in even pairs and B first in odd ones. */
export async function pairedRuns(
  a: TimedCommand,
  b: TimedCommand,
  runs: number,
  onPair?: (index: number, a: number, b: number) => void,
): Promise<PairedResult> {
  const result: PairedResult = {
    a: [],
    b: [],
    ratios: [],
    cpuA: [],
    cpuB: [],
    cpuRatios: [],
    maxRssA: 0,
    maxRssB: 0,
  };
  for (let i = 0; i < runs; i++) {
    let ra: FinishedRun;
    let rb: FinishedRun;
    if (i % 2 === 0) {
      ra = await timeOnce(a);
      rb = await timeOnce(b);
    } else {
      rb = await timeOnce(b);
      ra = await timeOnce(a);
    }
    result.a.push(ra.seconds);
    result.b.push(rb.seconds);
    result.ratios.push(ra.seconds / rb.seconds);
    result.cpuA.push(ra.cpuSeconds);
    result.cpuB.push(rb.cpuSeconds);
    result.cpuRatios.push(ra.cpuSeconds / rb.cpuSeconds);
    result.maxRssA = Math.max(result.maxRssA, ra.maxRssBytes);
    result.maxRssB = Math.max(result.maxRssB, rb.maxRssBytes);
    onPair?.(i, ra.seconds, rb.seconds);
  }
  return result;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
