/**
 * The forwarder runs in its own process group so that it outlives the step's node process (the
 * tunnel must stay open for the later steps of the job) and so that the post step can end it with
 * everything it started (aws starts session-manager-plugin as a child).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { sleep } from './local-port';

export interface DetachedProcess {
  pid: number;
  child: ChildProcess;
  /** Set once the process exited (only seen by the step that started it). */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

/** Starts `command` as the leader of a new process group, its output appended to `logPath`. */
export async function spawnDetached(
  command: string,
  args: string[],
  logPath: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DetachedProcess> {
  const log = openSync(logPath, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env });
    // The step's node process may exit while the forwarder keeps running.
    child.unref();
    const started: DetachedProcess = { pid: 0, child };
    child.once('exit', (code, signal) => (started.exit = { code, signal }));
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', resolve);
    });
    started.pid = child.pid!;
    return started;
  } finally {
    closeSync(log);
  }
}

function procMembers(pgid: number): number[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const pid of pids) {
    try {
      // Fields after the command name: state, ppid, pgrp. Zombies are gone for our purposes: an
      // orphan's zombie lingers until init reaps it, and it holds no port.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(pid));
    } catch {
      // Exited meanwhile.
    }
  }
  return members;
}

/** Whether any live process remains in the group (via /proc; `kill -0` where there is none). */
export function groupAlive(pgid: number): boolean {
  const members = procMembers(pgid);
  if (members) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
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
    await sleep(100);
  }
  return true;
}

/**
 * Ends the whole group: SIGTERM, then SIGKILL for whatever ignored it. Resolves to how it ended,
 * or 'survived' when even SIGKILL did not clear it in time.
 */
export async function stopGroup(
  pgid: number,
  graceMs = 5000,
): Promise<'not-running' | 'terminated' | 'killed' | 'survived'> {
  if (!groupAlive(pgid)) return 'not-running';
  signalGroup(pgid, 'SIGTERM');
  if (await waitGone(pgid, graceMs)) return 'terminated';
  signalGroup(pgid, 'SIGKILL');
  return (await waitGone(pgid, 2000)) ? 'killed' : 'survived';
}
