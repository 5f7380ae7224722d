import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { groupAlive, stopGroup } from '@cat-actions/process';
// The tunnel's forwarder start is the detached group these rules are shared with.
import { spawnDetached } from '../../../packages/tunnel/src/process-group';

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
});

const logFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'cat-pg-unit-')), 'out.log');

async function detached(script: string, logPath = logFile()) {
  const child = await spawnDetached('sh', ['-c', script], logPath);
  started.push(child.pid);
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the forwarder runs in a process group of its own, ended whole', () => {
  it('leads a new group, writes to its log, and stopGroup ends it and its children', async () => {
    const logPath = logFile();
    // A parent with a child, as aws runs session-manager-plugin.
    const child = await detached('echo started; sleep 30 & wait', logPath);
    await sleep(200);
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    expect(pgrp).toBe(child.pid);
    expect(pgrp).not.toBe(process.pid);
    expect(readFileSync(logPath, 'utf8')).toBe('started\n');
    expect(groupAlive(child.pid)).toBe(true);

    expect(await stopGroup(child.pid)).toBe('terminated');
    expect(groupAlive(child.pid)).toBe(false);
    expect(await stopGroup(child.pid)).toBe('not-running');
  });

  it('a group that ignores SIGTERM is killed after the grace period', async () => {
    const child = await detached('trap "" TERM; sleep 30 & wait; sleep 30');
    await sleep(200);
    const began = Date.now();
    expect(await stopGroup(child.pid, 300)).toBe('killed');
    expect(Date.now() - began).toBeLessThan(3000);
    expect(groupAlive(child.pid)).toBe(false);
  });

  it('notes the exit of a forwarder that stops by itself', async () => {
    const child = await detached('exit 7');
    await sleep(300);
    expect(child.exit).toEqual({ code: 7, signal: null });
  });

  it('a command that cannot start is an error, not a pid', async () => {
    await expect(spawnDetached('/nonexistent/forwarder', [], logFile())).rejects.toThrow(/ENOENT/);
  });
});
