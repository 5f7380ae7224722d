import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { PortInUseError } from '@cat-actions/tunnel';
import { ensurePortFree } from '../../../packages/tunnel/src/local-port';
import { describePortHolder, fromProc } from '../../../packages/tunnel/src/port-holder';

// The tunnel listens on the database's own port by default (5432, as scripts' .env say): when
// something else already holds it, the error names that process.
let server: net.Server;
let port: number;
// This process is node running a script: named by its script, as the forwarder would be.
const me = `${path.basename(process.argv[1])} (pid ${process.pid})`;

beforeAll(async () => {
  server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a local port already in use', () => {
  it('is found in /proc/net/tcp and traced to its process through /proc/<pid>/fd', () => {
    expect(fromProc(port)).toBe(me);
  });

  it('is named in the error, which says what to do', async () => {
    expect(await describePortHolder(port)).toContain(`pid ${process.pid}`);
    const error = await ensurePortFree(port).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toContain(`Local port ${port} is already in use by`);
    expect((error as Error).message).toContain(`pid ${process.pid}`);
    expect((error as Error).message).toContain('Set local-port to another port');
  });

  it('names a script by its file, never by its arguments (a forwarder carries tokens)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-port-holder-'));
    const script = path.join(dir, 'fake-forwarder.js');
    writeFileSync(
      script,
      "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => " +
        'console.log(s.address().port));',
    );
    const child = spawn(process.execPath, [script, '{"TokenValue":"session-token-9z"}']);
    try {
      const childPort = await new Promise<number>((resolve) =>
        child.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim()))),
      );
      const holder = await describePortHolder(childPort);
      expect(holder).toBe(`fake-forwarder.js (pid ${child.pid})`);
      expect(fromProc(childPort)).toBe(holder);
    } finally {
      child.kill();
    }
  });

  it('a free port has no holder', async () => {
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const freePort = (free.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    expect(fromProc(freePort)).toBe('');
    await expect(ensurePortFree(freePort)).resolves.toBeUndefined();
  });
});
