/**
 * A run marker finds every process a stage started, however it detached: the way the GitHub
 * runner finds its own (RUNNER_TRACKING_ID). A process group or session only holds the processes
 * that stayed in it; `setsid`, a double fork or `nohup ... &` in a new session leave it, but the
 * environment is inherited by everything the stage starts, so a variable with a random value
 * set for the stage alone names exactly its processes, read back through /proc/<pid>/environ.
 *
 * What this cannot find: a process that both cleared its environment (`env -i`) and left the
 * stage's session. The runner has the same blind spot.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sleep } from '@cat-actions/core';

/** The variable every process of one stage run carries. */
export const RUN_MARKER_VARIABLE = 'CAT_STAGE_RUN_ID';

export interface RunMarker {
  name: string;
  value: string;
}

/** A fresh marker for one stage run: 128 random bits, never reused. */
export function newRunMarker(): RunMarker {
  return { name: RUN_MARKER_VARIABLE, value: randomBytes(16).toString('hex') };
}

/** Whether this system can be searched for marked processes (Linux /proc). */
export const canTrackProcesses = () => existsSync('/proc/self/environ');

export interface TrackedProcess {
  pid: number;
  /** Its command line, for the warning that names it (the caller redacts it). */
  command: string;
}

interface ProcStat {
  state: string;
  session: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp session ...": comm may hold spaces and ")", so split after it.
    const [state, , , session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, session: Number(session) };
  } catch {
    return undefined; // ended while we looked
  }
}

function commandOf(pid: string): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const command = argv.join(' ');
    return command.length > 200 ? `${command.slice(0, 200)}…` : command || `[${pid}]`;
  } catch {
    return `[${pid}]`;
  }
}

/**
 * Every live process that carries the marker, or that is still in the stage's own session
 * (`session`: the stage's pid, which leads the session it was started in) in case it cleared its
 * environment. Zombies do not count: they hold nothing and a signal cannot end them. The caller's
 * own process never carries the marker: it is only in the stage's environment.
 */
export function findMarkedProcesses(marker: RunMarker, session?: number): TrackedProcess[] {
  if (!canTrackProcesses()) return [];
  const entry = `${marker.name}=${marker.value}`;
  const found: TrackedProcess[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const stat = readStat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') continue;
    let marked = session !== undefined && stat.session === session;
    if (!marked) {
      try {
        // Read as bytes: an environment need not be valid UTF-8. Unreadable (another user's
        // process): not ours.
        marked = readFileSync(`/proc/${pid}/environ`)
          .toString('latin1')
          .split('\0')
          .includes(entry);
      } catch {
        continue;
      }
    }
    if (marked) found.push({ pid: Number(pid), command: commandOf(pid) });
  }
  return found;
}

const signalEach = (processes: TrackedProcess[], signal: NodeJS.Signals) => {
  for (const { pid } of processes) {
    try {
      process.kill(pid, signal);
    } catch {
      // ESRCH: already gone.
    }
  }
};

/**
 * SIGKILL to every marked process, synchronously: for a process 'exit' handler, the last chance
 * when this process ends unexpectedly (an uncaught error) while a stage still runs.
 */
export function killMarkedProcessesNow(marker: RunMarker, session?: number): void {
  signalEach(findMarkedProcesses(marker, session), 'SIGKILL');
}

export interface EndMarkedOptions {
  /** Time between SIGTERM and SIGKILL. */
  graceMs: number;
  /** The stage's session (its pid), searched as well. */
  session?: number;
  /** Ends the grace early (the runner's second cancel signal): SIGKILL at once. */
  hurry?: AbortSignal;
}

export interface MarkedEnd {
  /** The processes found when ending began: what the stage left behind. */
  found: TrackedProcess[];
  /** Still running after SIGKILL (uninterruptible sleep): reported, not waited for. */
  survivors: TrackedProcess[];
}

/**
 * Ends every marked process: SIGTERM, then SIGKILL to whatever is left after the grace (or when
 * `hurry` fires). Each round searches again, so a process forked while its parent was dying is
 * found too. Resolves when none is left, or with the survivors after SIGKILL did not end them.
 */
export async function endMarkedProcesses(
  marker: RunMarker,
  options: EndMarkedOptions,
): Promise<MarkedEnd> {
  const found = findMarkedProcesses(marker, options.session);
  if (!found.length) return { found, survivors: [] };
  signalEach(found, 'SIGTERM');
  const asked = new Set(found.map((p) => p.pid));
  const termDeadline = Date.now() + options.graceMs;
  let left = found;
  while (Date.now() < termDeadline && !options.hurry?.aborted) {
    await sleep(50);
    left = findMarkedProcesses(marker, options.session);
    if (!left.length) return { found, survivors: [] };
    // A child forked after the first SIGTERM has not been asked yet.
    const fresh = left.filter((p) => !asked.has(p.pid));
    fresh.forEach((p) => asked.add(p.pid));
    signalEach(fresh, 'SIGTERM');
  }
  const killDeadline = Date.now() + 2000;
  for (;;) {
    left = findMarkedProcesses(marker, options.session);
    if (!left.length) return { found, survivors: [] };
    if (Date.now() >= killDeadline) return { found, survivors: left };
    signalEach(left, 'SIGKILL');
    await sleep(50);
  }
}
