/**
 * The forwarder runs in its own process group so that it outlives the step's node process (the
 * tunnel must stay open for the later steps of the job) and so that the post step can end it with
 * everything it started (aws starts session-manager-plugin as a child).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

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

// Whether the group still runs, and ending all of it, are shared with run-stage's process tree.
export { groupAlive, stopGroup } from '@cat-actions/process';
