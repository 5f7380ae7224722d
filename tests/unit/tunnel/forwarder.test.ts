import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { lastLines, startForwarder } from '../../../packages/tunnel/src/forwarder';
import { pickFreePort } from '../../../packages/tunnel/src/local-port';
import { silentLogger } from '../../../packages/tunnel/src/logger';
import { stopGroup } from '../../../packages/tunnel/src/process-group';

const logFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'cat-fw-unit-')), 'fw.log');

/** A node "forwarder" that listens on `port` after `delayMs` and prints `line`. */
function fakeForwarder(port: number, delayMs: number, line: string) {
  const script =
    `setTimeout(() => require('net').createServer((s) => s.end()).listen(${port}, '127.0.0.1', ` +
    `() => console.log(${JSON.stringify(line)})), ${delayMs})`;
  return { command: process.execPath, args: ['-e', script] };
}

describe('ready when the local port accepts and the forwarder says it waits for connections', () => {
  it('becomes ready once both hold', async () => {
    const port = await pickFreePort();
    const result = await startForwarder(
      {
        ...fakeForwarder(port, 300, 'Waiting for connections...'),
        readyLine: /Waiting for connections/,
      },
      port,
      logFile(),
      5000,
      silentLogger,
    );
    expect(result.ready).toBe(true);
    expect(result.output).toContain('Waiting for connections');
    await stopGroup(result.process!.pid);
  });

  it('a port that accepts without the ready line times out, saying what was missing', async () => {
    const port = await pickFreePort();
    const started = Date.now();
    const result = await startForwarder(
      {
        ...fakeForwarder(port, 0, 'Port opened.'),
        readyLine: /Waiting for connections/,
        readyLineName: 'Waiting for connections',
      },
      port,
      logFile(),
      1000,
      silentLogger,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({
      ready: false,
      cause: expect.stringMatching(
        /^not ready after 1 s \(no "Waiting for connections" line\); last output: Port opened\.$/,
      ),
    });
    await stopGroup(result.process!.pid);
  });

  it('a forwarder that exits gives its last words as the cause', async () => {
    const result = await startForwarder(
      {
        command: 'sh',
        args: ['-c', 'echo; echo "An error occurred (TargetNotConnected)" >&2; exit 254'],
      },
      await pickFreePort(),
      logFile(),
      5000,
      silentLogger,
    );
    expect(result).toMatchObject({
      ready: false,
      cause: 'sh exited with code 254: An error occurred (TargetNotConnected)',
    });
  });

  it('a failed remote end reported after the probe fails the attempt', async () => {
    const port = await pickFreePort();
    // Listens at once, and reports a failed channel for each connection, as ssh does.
    const script =
      `require('net').createServer((s) => { console.log('channel 2: open failed: connect failed: ` +
      `Connection refused'); s.destroy(); }).listen(${port}, '127.0.0.1')`;
    const result = await startForwarder(
      {
        command: process.execPath,
        args: ['-e', script],
        remoteFailureLine: /channel \d+: open failed: .*/,
      },
      port,
      logFile(),
      5000,
      silentLogger,
    );
    expect(result).toMatchObject({
      ready: false,
      cause:
        'the bastion could not reach the remote host: channel 2: open failed: connect failed: Connection refused',
    });
    await stopGroup(result.process!.pid);
  });

  it('reports the command that could not start', async () => {
    const result = await startForwarder(
      { command: '/nonexistent/aws', args: [] },
      await pickFreePort(),
      logFile(),
      1000,
      silentLogger,
    );
    expect(result).toMatchObject({
      ready: false,
      cause: expect.stringMatching(/^could not start \/nonexistent\/aws: .*ENOENT/),
    });
  });

  it('lastLines keeps the last meaningful lines on one line', () => {
    expect(lastLines('\n a \n\n b\n c \n d\n\n')).toBe('b | c | d');
    expect(lastLines('')).toBe('');
  });
});

describe('the local port', () => {
  it('a held port fails at once, naming this process', async () => {
    const { ensurePortFree, PortInUseError } =
      await import('../../../packages/tunnel/src/local-port');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      await expect(ensurePortFree(port)).rejects.toThrow(PortInUseError);
      await expect(ensurePortFree(port)).rejects.toThrow(
        new RegExp(`^Local port ${port} is already in use by \\S+ \\(pid ${process.pid}\\)`),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await expect(ensurePortFree(port)).resolves.toBeUndefined();
  });
});
