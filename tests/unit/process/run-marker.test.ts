import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  RUN_MARKER_VARIABLE,
  endMarkedProcesses,
  findMarkedProcesses,
  killMarkedProcessesNow,
  newRunMarker,
  type RunMarker,
} from '@cat-actions/process';

/** Running, that is: a zombie left to a PID 1 that does not reap is not running. */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Starts `script` with the marker, detached like a daemon; resolves with the pids it prints. */
function startMarked(marker: RunMarker, script: string): Promise<number[]> {
  const child = spawn('bash', ['-c', script], {
    env: { ...process.env, [marker.name]: marker.value },
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  child.unref();
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) {
        child.stdout.destroy();
        resolve(out.match(/\d+/g)!.map(Number));
      }
    });
  });
}

describe('a run marker finds every process of a run, however it detached', () => {
  it('is a fresh random value each time, in CAT_STAGE_RUN_ID', () => {
    const [a, b] = [newRunMarker(), newRunMarker()];
    expect(a.name).toBe(RUN_MARKER_VARIABLE);
    expect(a.name).toBe('CAT_STAGE_RUN_ID');
    expect(a.value).toMatch(/^[0-9a-f]{32}$/);
    expect(a.value).not.toBe(b.value);
  });

  it('finds a double-forked process in a new session, and not the processes of another run', async () => {
    const ours = newRunMarker();
    const theirs = newRunMarker();
    const [daemon] = await startMarked(
      ours,
      "( setsid bash -c 'exec sleep 301' & echo $! ); sleep 0.2; echo ready",
    );
    const [other] = await startMarked(theirs, 'sleep 302 & echo $!; echo ready');
    try {
      const found = findMarkedProcesses(ours);
      expect(found).toContainEqual({ pid: daemon, command: 'sleep 301' });
      expect(found.map((p) => p.pid)).not.toContain(other);
      expect(findMarkedProcesses(theirs).map((p) => p.pid)).toContain(other);
    } finally {
      await endMarkedProcesses(ours, { graceMs: 500 });
      await endMarkedProcesses(theirs, { graceMs: 500 });
    }
    expect(alive(daemon)).toBe(false);
    expect(alive(other)).toBe(false);
  });
});

describe('ending a run: SIGTERM, then SIGKILL after the grace', () => {
  it('ends what obeys SIGTERM at once, and leaves other runs alone', async () => {
    const ours = newRunMarker();
    const theirs = newRunMarker();
    const [pid] = await startMarked(ours, 'sleep 303 & echo $!; echo ready');
    const [other] = await startMarked(theirs, 'sleep 304 & echo $!; echo ready');
    const started = Date.now();
    const ended = await endMarkedProcesses(ours, { graceMs: 5000 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(ended.found.map((p) => p.pid)).toContain(pid);
    expect(ended.survivors).toEqual([]);
    expect(alive(pid)).toBe(false);
    expect(alive(other)).toBe(true);
    await endMarkedProcesses(theirs, { graceMs: 500 });
  });

  it('kills what ignores SIGTERM after the grace, or at once when hurried', async () => {
    const stubborn =
      "trap '' TERM; bash -c \"trap '' TERM; sleep 305\" & echo $!; echo ready; wait";
    const marker = newRunMarker();
    const [pid] = await startMarked(marker, stubborn);
    let started = Date.now();
    await endMarkedProcesses(marker, { graceMs: 600 });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(3000);
    expect(alive(pid)).toBe(false);

    const hurried = newRunMarker();
    const [second] = await startMarked(hurried, stubborn);
    const hurry = new AbortController();
    setTimeout(() => hurry.abort(), 200);
    started = Date.now();
    await endMarkedProcesses(hurried, { graceMs: 60_000, hurry: hurry.signal });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(alive(second)).toBe(false);
  });

  it('kills at once, synchronously, when this process is about to exit', async () => {
    const marker = newRunMarker();
    const [pid] = await startMarked(marker, "trap '' TERM; sleep 306 & echo $!; echo ready; wait");
    killMarkedProcessesNow(marker);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(pid)).toBe(false);
    expect(findMarkedProcesses(marker)).toEqual([]);
  });

  it('finds nothing to end for a run that left nothing', async () => {
    expect(await endMarkedProcesses(newRunMarker(), { graceMs: 100 })).toEqual({
      found: [],
      survivors: [],
    });
  });
});
