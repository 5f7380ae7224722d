/** The post step's half: end the forwarder and the SSM session, free the port, remove the key. */
import { rmSync } from 'node:fs';
import { lastLines, readLog } from './forwarder';
import { waitPortFree } from './local-port';
import type { TunnelLogger } from './logger';
import type { CleanupState } from './open';
import { stopGroup } from './process-group';
import { sessionIdFrom, terminateSession } from './ssm';

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
  const output = readLog(state.logPath);
  const pid = Number(state.pid);
  const forwarder = pid > 1 ? await stopGroup(pid) : 'none';
  if (forwarder === 'survived') {
    logger.warning(`The forwarder (process group ${pid}) did not stop, even after SIGKILL.`);
  } else if (forwarder !== 'none') {
    logger.info(`Forwarder (process group ${pid}): ${forwarder}.`);
  }
  if (forwarder === 'not-running' && output) {
    // It died before the job ended: its last words say why later steps lost the database.
    logger.warning(`The tunnel had already closed: ${lastLines(output)}`);
  }

  const port = Number(state.localPort);
  const portFree = port > 0 ? await waitPortFree(port, 5000) : true;
  if (!portFree) logger.warning(`Local port ${port} is still in use after the forwarder stopped.`);

  // A main step cancelled before the tunnel was ready saved no session id; its log may hold one.
  const sessionId = state.sessionId || (pid > 1 ? sessionIdFrom(output) : undefined);
  let sessionTerminated: boolean | undefined;
  if (state.mode === 'ssm' && sessionId) {
    const problem = await terminateSession(sessionId, state.region ?? '');
    sessionTerminated = problem === '';
    if (problem) {
      logger.warning(
        `Could not terminate SSM session ${sessionId} (${problem}); it ends by itself when idle.`,
      );
    } else {
      logger.info(`SSM session ${sessionId} terminated.`);
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
