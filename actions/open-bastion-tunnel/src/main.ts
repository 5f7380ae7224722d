import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as core from '../../shared/src/toolkit';
import { escapeHtml } from '@cat-actions/core';
import { type CleanupState, openTunnel, parseTunnelOptions } from '@cat-actions/tunnel';
import { publish, readInput } from '../../shared/src/runner';
import { runnerLogger } from './logger';

function maskKey(key: string): void {
  // Masked line by line: the runner matches masks per log line, so a multi-line value masked
  // whole would leak if ssh or a stack trace ever printed one line of it.
  for (const line of key.split(/\r?\n/)) if (line.trim()) core.setSecret(line.trim());
}

export async function run(): Promise<void> {
  maskKey(core.getInput('ssh-key'));
  core.saveState('isPost', 'true');
  const options = parseTunnelOptions({
    mode: readInput('mode'),
    bastion: readInput('bastion'),
    remoteHost: readInput('remote-host'),
    remotePort: readInput('remote-port'),
    localPort: readInput('local-port'),
    attempts: readInput('attempts'),
    retryDelaySeconds: readInput('retry-delay-seconds'),
    readyTimeoutSeconds: readInput('ready-timeout-seconds'),
    region:
      readInput('region', { env: 'AWS_REGION' }) || (process.env.AWS_DEFAULT_REGION ?? '').trim(),
    sshHost: readInput('ssh-host'),
    sshPort: readInput('ssh-port'),
    sshUser: readInput('ssh-user'),
    sshKey: core.getInput('ssh-key'),
    sshKnownHosts: readInput('ssh-known-hosts'),
  });

  const workDir = mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'cat-tunnel-'));
  const remember = (state: Partial<CleanupState>) => {
    for (const [name, value] of Object.entries(state)) core.saveState(name, value);
  };
  const tunnel = await core.group(`Open the tunnel (${options.mode})`, () =>
    openTunnel(options, { workDir, logger: runnerLogger, remember }),
  );

  publish(
    {
      'local-host': tunnel.localHost,
      'local-port': String(tunnel.localPort),
      target: tunnel.target,
    },
    undefined,
  );
  core.info(
    `${tunnel.localHost}:${tunnel.localPort} forwards to ${tunnel.remote} through ${tunnel.target}; ` +
      'it stays open until the end of the job.',
  );
  await core.summary
    .addHeading(`Tunnel to ${escapeHtml(tunnel.remote)}`, 3)
    .addTable([
      [
        { data: 'Mode', header: true },
        { data: 'Through', header: true },
        { data: 'Remote', header: true },
        { data: 'Local address', header: true },
        { data: 'Attempts', header: true },
        { data: 'Session', header: true },
      ],
      [
        tunnel.mode,
        tunnel.target,
        tunnel.remote,
        `${tunnel.localHost}:${tunnel.localPort}`,
        `${tunnel.attemptsUsed} of ${options.attempts}`,
        tunnel.sessionId ?? '-',
      ].map(escapeHtml),
    ])
    .write();
}
