import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import * as core from '../../shared/src/toolkit';
import { type CleanupState, openTunnel } from '@cat-actions/tunnel';
import { publish } from '../../shared/src/runner';
import { writeSummaryTable } from '../../shared/src/summary-table';
import { readTunnelInputs } from './inputs';
import { runnerLogger } from './logger';

export async function run(): Promise<void> {
  // First of all: the post step (same bundle) must see it, even when an input is wrong, and clean up
  // rather than run the main step again.
  core.saveState('isPost', 'true');
  const { options, tempDir } = readTunnelInputs();
  const workDir = mkdtempSync(path.join(tempDir, 'cat-tunnel-'));
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
  await writeSummaryTable(
    `Tunnel to ${tunnel.remote}`,
    ['Mode', 'Through', 'Remote', 'Local address', 'Attempts', 'Session'],
    [
      [
        tunnel.mode,
        tunnel.target,
        tunnel.remote,
        `${tunnel.localHost}:${tunnel.localPort}`,
        `${tunnel.attemptsUsed} of ${options.attempts}`,
        tunnel.sessionId ?? '-',
      ],
    ],
  );
}
