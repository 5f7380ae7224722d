import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProcessTree, type ProcessSpec } from '@cat-actions/stage';

const run = (script: string, extra: Partial<ProcessSpec> = {}) => {
  const lines: string[] = [];
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'stage-proc-'));
  return runProcessTree({
    file: 'bash',
    args: ['-c', script],
    cwd,
    env: { ...process.env, CUSTOM: 'yes' },
    onLine: (line) => lines.push(line),
    ...extra,
  }).then((outcome) => ({ ...outcome, lines, cwd }));
};

/** Running, that is: a zombie left to a PID 1 that does not reap is not running. */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('the stage process streams its output line by line', () => {
  it('passes stdout and stderr, the environment and the working directory', async () => {
    const result = await run('echo "out $CUSTOM"; echo err >&2; pwd');
    expect(result.exitCode).toBe(0);
    expect(result.timedOut).toBe(false);
    expect(result.lines).toEqual(expect.arrayContaining(['out yes', 'err', result.cwd]));
  });

  it('shows each line as it comes, not at the end', async () => {
    const seenAt: number[] = [];
    const started = Date.now();
    await run('echo first; sleep 1; echo second', {
      onLine: () => seenAt.push(Date.now() - started),
    });
    expect(seenAt).toHaveLength(2);
    expect(seenAt[0]).toBeLessThan(seenAt[1] - 500);
  });

  it('keeps the last lines for the error message, redacted', async () => {
    const result = await run('for i in $(seq 1 100); do echo "line $i token-XYZ"; done; exit 3', {
      tailLines: 5,
      redact: (line) => line.replace('token-XYZ', '***'),
    });
    expect(result.exitCode).toBe(3);
    expect(result.tail).toEqual([96, 97, 98, 99, 100].map((i) => `line ${i} ***`));
    expect(result.lines.join('\n')).not.toContain('token-XYZ');
  });
});

describe('a timeout ends the whole process tree', () => {
  it('ends a background child and the shell, and reports the timeout', async () => {
    const result = await run('sleep 300 & echo $! > child.pid; echo started; sleep 300', {
      timeoutMs: 1000,
      graceMs: 2000,
    });
    const child = Number(readFileSync(path.join(result.cwd, 'child.pid'), 'utf8'));
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).not.toBe(0);
    expect(result.durationMs).toBeLessThan(5000);
    expect(alive(child)).toBe(false);
  });

  it('kills what ignores SIGTERM after the grace period', async () => {
    const result = await run("trap '' TERM; echo ready; sleep 300 & wait", {
      timeoutMs: 500,
      graceMs: 500,
    });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(result.exitCode).toBe(137);
  });
});

describe('leftover background processes do not outlive the stage', () => {
  it('ends them when the shell exits, so the step finishes', async () => {
    const result = await run('sleep 300 & echo $! > child.pid; echo done', { graceMs: 1000 });
    const child = Number(readFileSync(path.join(result.cwd, 'child.pid'), 'utf8'));
    expect(result.exitCode).toBe(0);
    expect(result.leftovers.map((p) => p.pid)).toEqual([child]);
    expect(alive(child)).toBe(false);
  });

  it('names and ends a process that left the session (setsid) with its output elsewhere', async () => {
    const result = await run(
      'setsid sleep 777 >/dev/null 2>&1 < /dev/null & echo $! > child.pid; sleep 0.3; echo done',
      { graceMs: 1000 },
    );
    const child = Number(readFileSync(path.join(result.cwd, 'child.pid'), 'utf8'));
    expect(result.exitCode).toBe(0);
    expect(result.leftovers).toEqual([{ pid: child, command: 'sleep 777' }]);
    expect(alive(child)).toBe(false);
  });

  it('finds a double-forked daemon in a new session', async () => {
    const result = await run(
      "( setsid bash -c 'sleep 778 & echo $! > grandchild.pid; exec sleep 779' & ); sleep 0.3",
      { graceMs: 1000 },
    );
    const grandchild = Number(readFileSync(path.join(result.cwd, 'grandchild.pid'), 'utf8'));
    expect(result.leftovers.map((p) => p.command).sort()).toEqual(['sleep 778', 'sleep 779']);
    expect(alive(grandchild)).toBe(false);
  });

  it('waits for the stage, not for an escaped process holding its output open', async () => {
    const started = Date.now();
    const result = await run('setsid sleep 45 & echo $! > child.pid; echo hang; sleep 300', {
      timeoutMs: 500,
      graceMs: 1000,
    });
    const child = Number(readFileSync(path.join(result.cwd, 'child.pid'), 'utf8'));
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(alive(child)).toBe(false);
    expect(result.lines).toContain('hang');
  });

  it('on cancel, ends a stage that traps TERM: SIGKILL after the grace, at once on a second signal', async () => {
    const script =
      "trap 'echo ignoring TERM' TERM; setsid bash -c 'trap \"\" TERM; sleep 300' & " +
      'echo $! > child.pid; echo ready; while true; do sleep 0.1; done';
    const started = Date.now();
    let signalled = 0;
    const result = await run(script, {
      graceMs: 3000,
      onLine: (line) => {
        if (line === 'ready') {
          process.emit('SIGINT');
          signalled = Date.now();
          // The runner's SIGTERM, 7.5 s later in real life: here at once.
          setTimeout(() => process.emit('SIGTERM'), 300);
        }
      },
    });
    const child = Number(readFileSync(path.join(result.cwd, 'child.pid'), 'utf8'));
    expect(signalled).toBeGreaterThan(0);
    expect(result.cancelled).toBe(true);
    expect(result.exitCode).toBe(137);
    // SIGKILL came with the second signal, well before the 3 s grace ran out.
    expect(Date.now() - started).toBeLessThan(2500);
    expect(alive(child)).toBe(false);
  });

  it('reports a command that cannot start', async () => {
    const lines: string[] = [];
    const result = await runProcessTree({
      file: '/nonexistent/bin',
      args: [],
      cwd: os.tmpdir(),
      env: process.env,
      onLine: (l) => lines.push(l),
    });
    expect(result.exitCode).toBe(127);
    expect(lines[0]).toMatch(/Could not start \/nonexistent\/bin/);
  });
});
