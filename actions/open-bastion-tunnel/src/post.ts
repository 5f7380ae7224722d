import * as core from '../../shared/src/toolkit';
import { type CleanupState, type TunnelMode, closeTunnel } from '@cat-actions/tunnel';
import { runnerLogger } from './logger';

/** Runs after the job (always, even when it failed): leaves no forwarder, session or key behind. */
export async function cleanup(): Promise<void> {
  const state: Partial<CleanupState> = {
    mode: (core.getState('mode') || undefined) as TunnelMode | undefined,
    pid: core.getState('pid'),
    sessionId: core.getState('sessionId'),
    region: core.getState('region'),
    localPort: core.getState('localPort'),
    keyPath: core.getState('keyPath'),
    logPath: core.getState('logPath'),
  };
  if (!state.pid && !state.sessionId && !state.keyPath) {
    core.info('No tunnel was opened: nothing to close.');
    return;
  }
  await core.group('Close the tunnel', () => closeTunnel(state, runnerLogger));
}
