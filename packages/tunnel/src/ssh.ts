/** SSH local forwarding through the bastion: the key and known_hosts files and the ssh command. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ForwarderCommand } from './forwarder';
import { LOCAL_HOST } from './local-port';
import type { SshSettings } from './options';

export interface SshFiles {
  keyPath: string;
  knownHostsPath?: string;
}

/** Writes the key (0600, as ssh demands) and, when given, known_hosts into `dir`. */
export function writeSshFiles(dir: string, ssh: SshSettings): SshFiles {
  const keyPath = path.join(dir, 'bastion-key');
  writeFileSync(keyPath, ssh.key, { mode: 0o600 });
  if (!ssh.knownHosts) return { keyPath };
  const knownHostsPath = path.join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, `${ssh.knownHosts}\n`, { mode: 0o600 });
  return { keyPath, knownHostsPath };
}

export function sshCommand(
  ssh: SshSettings,
  files: SshFiles,
  remoteHost: string,
  remotePort: number,
  localPort: number,
): ForwarderCommand {
  // Without known hosts the first key seen is trusted (accept-new), into a file of our own so the
  // runner's ~/.ssh is left alone.
  const knownHosts = files.knownHostsPath ?? path.join(path.dirname(files.keyPath), 'known_hosts');
  return {
    command: 'ssh',
    args: [
      '-N',
      '-L',
      `${LOCAL_HOST}:${localPort}:${remoteHost}:${remotePort}`,
      '-p',
      String(ssh.port),
      '-i',
      files.keyPath,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'ExitOnForwardFailure=yes',
      '-o',
      'ServerAliveInterval=30',
      '-o',
      'ConnectTimeout=15',
      '-o',
      `StrictHostKeyChecking=${files.knownHostsPath ? 'yes' : 'accept-new'}`,
      '-o',
      `UserKnownHostsFile=${knownHosts}`,
      '-o',
      'LogLevel=VERBOSE',
      `${ssh.user}@${ssh.host}`,
    ],
    // ssh accepts on the local port before it asks the bastion to connect onwards.
    remoteFailureLine: /channel \d+: open failed: .*/,
  };
}
