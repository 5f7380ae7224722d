import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeTunnel } from '../../../packages/tunnel/src/close';
import { pickFreePort, portIsFree } from '../../../packages/tunnel/src/local-port';
import { groupAlive, spawnDetached } from '../../../packages/tunnel/src/process-group';

function recordingLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      info: (m: string) => void lines.push(`info: ${m}`),
      warning: (m: string) => void lines.push(`warning: ${m}`),
      debug: (m: string) => void lines.push(`debug: ${m}`),
    },
  };
}

describe('the post step leaves no forwarder, port or key behind', () => {
  it('stops the forwarder group, waits for its port, removes the key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-close-unit-'));
    const keyPath = path.join(dir, 'bastion-key');
    writeFileSync(keyPath, 'key', { mode: 0o600 });
    const port = await pickFreePort();
    const forwarder = await spawnDetached(
      process.execPath,
      ['-e', `require('net').createServer().listen(${port}, '127.0.0.1')`],
      path.join(dir, 'forwarder-1.log'),
    );
    for (let i = 0; i < 50 && (await portIsFree(port)); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await portIsFree(port)).toBe(false);

    const { lines, logger } = recordingLogger();
    const closed = await closeTunnel(
      { mode: 'ssh', pid: String(forwarder.pid), localPort: String(port), keyPath },
      logger,
    );
    expect(closed).toEqual({
      forwarder: 'terminated',
      portFree: true,
      keyRemoved: true,
      sessionTerminated: undefined,
    });
    expect(groupAlive(forwarder.pid)).toBe(false);
    expect(existsSync(keyPath)).toBe(false);
    expect(lines).toEqual([
      `info: Forwarder (process group ${forwarder.pid}): terminated.`,
      'info: SSH key removed.',
    ]);
  });

  it('a tunnel that died during the job is reported with its last output', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-close-unit-'));
    const logPath = path.join(dir, 'forwarder-1.log');
    const forwarder = await spawnDetached(
      'sh',
      ['-c', 'echo "Connection to bastion closed by remote host."; exit 255'],
      logPath,
    );
    while (!forwarder.exit) await new Promise((r) => setTimeout(r, 20));
    const { lines, logger } = recordingLogger();
    const closed = await closeTunnel({ mode: 'ssh', pid: String(forwarder.pid), logPath }, logger);
    expect(closed.forwarder).toBe('not-running');
    expect(lines).toContain(
      'warning: The tunnel had already closed: Connection to bastion closed by remote host.',
    );
  });

  it('nothing saved: nothing done', async () => {
    const { lines, logger } = recordingLogger();
    expect(await closeTunnel({}, logger)).toEqual({
      forwarder: 'none',
      portFree: true,
      keyRemoved: false,
      sessionTerminated: undefined,
    });
    expect(lines).toEqual([]);
  });
});
