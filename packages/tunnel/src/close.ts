/** The post step's half: end the forwarder and the SSM session, free the port, remove the key. */
import { readFileSync, rmSync } from 'node:fs';
import { lastLines } from './forwarder';
import { waitPortFree } from './local-port';
import type { TunnelLogger } from './logger';
import type { CleanupState } from './open';
import { stopGroup } from './process-group';
import { terminateSession } from './ssm';

export interface ClosedTunnel {
  forwarder: 'none' | 'not-running' | 'terminated' | 'killed' | 'survived';
  portFree: boolean;
  sessionTerminated?: boolean;
  keyRemoved: boolean;
}

export async function closeTunnel(
  state: Partial<CleanupState>,
  logger: TunnelLogger,
): Promise<ClosedTunnel> {
  const pid = Number(state.pid);
  const forwarder = pid > 1 ? await stopGroup(pid) : 'none';
  if (forwarder === 'survived') {
    logger.warning(`The forwarder (process group ${pid}) did not stop, even after SIGKILL.`);
  } else if (forwarder !== 'none') {
    logger.info(`Forwarder (process group ${pid}): ${forwarder}.`);
  }
  if (forwarder === 'not-running' && state.logPath) {
    // It died before the job ended: its last words say why later steps lost the database.
    let output = '';
    try {
      output = readFileSync(state.logPath, 'utf8');
    } catch {
      // No log: nothing to add.
    }
    if (output) logger.warning(`The tunnel had already closed: ${lastLines(output)}`);
  }

  const port = Number(state.localPort);
  const portFree = port > 0 ? await waitPortFree(port, 5000) : true;
  if (!portFree) logger.warning(`Local port ${port} is still in use after the forwarder stopped.`);

  let sessionTerminated: boolean | undefined;
  if (state.mode === 'ssm' && state.sessionId) {
    const problem = await terminateSession(state.sessionId, state.region ?? '');
    sessionTerminated = problem === '';
    if (problem) {
      logger.warning(
        `Could not terminate SSM session ${state.sessionId} (${problem}); it ends by itself when idle.`,
      );
    } else {
      logger.info(`SSM session ${state.sessionId} terminated.`);
    }
  }

  let keyRemoved = false;
  if (state.keyPath) {
    rmSync(state.keyPath, { force: true });
    keyRemoved = true;
    logger.info('SSH key removed.');
  }
  return { forwarder, portFree, sessionTerminated, keyRemoved };
}
