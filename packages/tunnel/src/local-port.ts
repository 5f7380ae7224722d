/** The local end of the tunnel: is the port free, does it accept, which free port to use. */
import net from 'node:net';
import { CatError, sleep } from '@cat-actions/core';
import { describePortHolder } from './port-holder';

/** Forwarders listen on loopback only: the database must not be reachable from the network. */
export const LOCAL_HOST = '127.0.0.1';

/** The local port is taken: the user can act on it (another local-port, or stop what holds it). */
export class PortInUseError extends CatError {
  readonly kind = 'input' as const;
}

/** Resolves true when `port` could be bound on loopback right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: LOCAL_HOST, exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** A port the kernel considers free now (the forwarder binds it a moment later). */
export function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: LOCAL_HOST }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Fails at once, naming what holds the port: retrying cannot free a port someone else holds. */
export async function ensurePortFree(port: number): Promise<void> {
  if (await portIsFree(port)) return;
  const holder = await describePortHolder(port);
  throw new PortInUseError(
    `Local port ${port} is already in use${holder ? ` by ${holder}` : ''}, so the tunnel cannot ` +
      `listen on ${LOCAL_HOST}:${port}. Set local-port to another port, or 0 to pick a free one ` +
      `(read it from the local-port output).`,
  );
}

/** Resolves true when a TCP connection to the local port is accepted within `timeoutMs`. */
export function portAccepts(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: LOCAL_HOST });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Waits until the port can be bound again (a stopped forwarder's socket is released). */
export async function waitPortFree(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await portIsFree(port)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
}
