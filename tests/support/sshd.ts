/**
 * A real OpenSSH server for tunnel tests: Debian's sshd on 127.0.0.1 at a free high port, with its
 * own host key, config and an authorized key generated for the test. Runs as root here, hence
 * PermitRootLogin prohibit-password and StrictModes no (the temp dir is not root's home).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

export interface LocalSshd {
  port: number;
  user: string;
  /** The client's private key (OpenSSH format), for the ssh-key input. */
  clientKey: string;
  /** A known_hosts line for 127.0.0.1 at this port, for the ssh-known-hosts input. */
  knownHosts: string;
  /** sshd's own log (-e), for failing tests. */
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function keygen(file: string, comment: string) {
  execFileSync(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

export async function startSshd(): Promise<LocalSshd> {
  for (const binary of [SSHD, SSH_KEYGEN]) {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} not found: the tunnel tests need OpenSSH. Install it with: apt-get install -y openssh-server openssh-client`,
      );
    }
  }
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-sshd-'));
  keygen(path.join(dir, 'host_ed25519'), 'cat-test-host');
  keygen(path.join(dir, 'client_ed25519'), 'cat-test-client');
  writeFileSync(
    path.join(dir, 'authorized_keys'),
    readFileSync(path.join(dir, 'client_ed25519.pub')),
  );
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host_ed25519')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'AllowTcpForwarding yes',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const user = os.userInfo().username;
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  try {
    await waitListening(child, port, () => output);
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const hostKey = readFileSync(path.join(dir, 'host_ed25519.pub'), 'utf8').trim().split(' ');
  return {
    port,
    user,
    clientKey: readFileSync(path.join(dir, 'client_ed25519'), 'utf8'),
    knownHosts: `[127.0.0.1]:${port} ${hostKey[0]} ${hostKey[1]}`,
    log: () => output,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitListening(child: ChildProcess, port: number, output: () => string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port}: ${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
