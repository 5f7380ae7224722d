import os from 'node:os';
import * as core from '../../shared/src/toolkit';
import { parseTunnelOptions, type TunnelOptions } from '@cat-actions/tunnel';
import { readInput } from '../../shared/src/runner';

/** The input names of action.yml, spelled once. */
export const INPUTS = {
  mode: 'mode',
  bastion: 'bastion',
  remoteHost: 'remote-host',
  remotePort: 'remote-port',
  localPort: 'local-port',
  attempts: 'attempts',
  retryDelaySeconds: 'retry-delay-seconds',
  readyTimeoutSeconds: 'ready-timeout-seconds',
  region: 'region',
  sshHost: 'ssh-host',
  sshPort: 'ssh-port',
  sshUser: 'ssh-user',
  sshKey: 'ssh-key',
  sshKnownHosts: 'ssh-known-hosts',
} as const;

export interface TunnelInputs {
  options: TunnelOptions;
  /** Where the tunnel's key, logs and control files go (RUNNER_TEMP on a runner). */
  tempDir: string;
}

/**
 * Every input, checked before anything starts. The key is read once and masked before any
 * check runs, so not even an error about it can print it.
 */
export function readTunnelInputs(): TunnelInputs {
  const sshKey = readInput(INPUTS.sshKey);
  maskKey(sshKey);
  const options = parseTunnelOptions({
    mode: readInput(INPUTS.mode),
    bastion: readInput(INPUTS.bastion),
    remoteHost: readInput(INPUTS.remoteHost),
    remotePort: readInput(INPUTS.remotePort),
    localPort: readInput(INPUTS.localPort),
    attempts: readInput(INPUTS.attempts),
    retryDelaySeconds: readInput(INPUTS.retryDelaySeconds),
    readyTimeoutSeconds: readInput(INPUTS.readyTimeoutSeconds),
    region:
      readInput(INPUTS.region, { env: 'AWS_REGION' }) ||
      (process.env.AWS_DEFAULT_REGION ?? '').trim(),
    sshHost: readInput(INPUTS.sshHost),
    sshPort: readInput(INPUTS.sshPort),
    sshUser: readInput(INPUTS.sshUser),
    sshKey,
    sshKnownHosts: readInput(INPUTS.sshKnownHosts),
  });
  return { options, tempDir: process.env.RUNNER_TEMP || os.tmpdir() };
}

function maskKey(key: string): void {
  // Masked line by line: the runner matches masks per log line, so a multi-line value masked
  // whole would leak if ssh or a stack trace ever printed one line of it.
  for (const line of key.split(/\r?\n/)) if (line.trim()) core.setSecret(line.trim());
}
