/**
 * A process group is how a step ends everything it started: a stage's background jobs and Python
 * workers, or the tunnel forwarder with the session-manager-plugin it spawned.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sleep } from '@cat-actions/core';

/**
 * Whether a process of the group is still running. Zombies do not count: a container whose PID 1
 * does not reap orphans keeps them forever, and a zombie holds nothing open. Linux answers through
 * /proc; elsewhere a signal 0 to the group is the best there is.
 */
export function groupAlive(pgid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // ended while we looked
      }
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after it.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

async function waitGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

export type GroupEnd = 'not-running' | 'terminated' | 'killed' | 'survived';

/**
 * Ends the whole group: SIGTERM, then SIGKILL for whatever ignored it after `graceMs`. Resolves
 * to how it ended, or 'survived' when even SIGKILL did not clear it in time.
 */
export async function stopGroup(pgid: number, graceMs = 5000): Promise<GroupEnd> {
  if (!groupAlive(pgid)) return 'not-running';
  signalGroup(pgid, 'SIGTERM');
  if (await waitGone(pgid, graceMs)) return 'terminated';
  signalGroup(pgid, 'SIGKILL');
  return (await waitGone(pgid, 2000)) ? 'killed' : 'survived';
}
