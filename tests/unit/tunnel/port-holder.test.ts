import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { PortInUseError } from '@cat-actions/tunnel';
import { ensurePortFree } from '../../../packages/tunnel/src/local-port';
import { describePortHolder, fromProc } from '../../../packages/tunnel/src/port-holder';

// The tunnel listens on the database's own port by default (5432, as scripts' .env say): when
// something else already holds it, the error names that process.
let server: net.Server;
let port: number;
const me = `${readFileSync('/proc/self/comm', 'utf8').trim()} (pid ${process.pid})`;

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

  it('a free port has no holder', async () => {
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const freePort = (free.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    expect(fromProc(freePort)).toBe('');
    await expect(ensurePortFree(freePort)).resolves.toBeUndefined();
  });
});
