/**
 * A real OpenSSH server for the ssh tunnel: the system's sshd (Debian: openssh-server) on 127.0.0.1 at a free high port, with its
 * own host key, config and an authorized key generated for the test. Runs as root here, hence
 * PermitRootLogin prohibit-password and StrictModes no (the temp dir is not root's home).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, stopChild } from './processes';
import { findProgram, NEEDS, requirePrograms } from './system-tools';

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

function keygen(sshKeygen: string, file: string, comment: string) {
  execFileSync(sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

export async function startSshd(): Promise<LocalSshd> {
  requirePrograms([NEEDS.sshd, NEEDS.sshKeygen], 'the ssh tunnel needs an OpenSSH server');
  // sshd re-executes itself and so wants its absolute path.
  const sshd = findProgram('sshd')!;
  const sshKeygen = findProgram('ssh-keygen')!;
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-sshd-'));
  try {
    keygen(sshKeygen, path.join(dir, 'host_ed25519'), 'cat-test-host');
    keygen(sshKeygen, path.join(dir, 'client_ed25519'), 'cat-test-client');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
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
  const child = spawn(sshd, ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
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
