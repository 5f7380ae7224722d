/**
 * Opens the tunnel: checks tools and the local port, finds the bastion, then starts the forwarder
 * up to `attempts` times (a bastion's SSM agent often needs a few seconds after a reboot or a
 * credential refresh), logging each failure's cause.
 */
import { TransientError, sleep } from '@cat-actions/core';
import path from 'node:path';
import { findBastionInstance } from './bastion-lookup';
import { startForwarder } from './forwarder';
import { LOCAL_HOST, ensurePortFree, pickFreePort, waitPortFree } from './local-port';
import type { TunnelLogger } from './logger';
import { type TunnelMode, type TunnelOptions, isInstanceId } from './options';
import { stopGroup } from './process-group';
import { sessionIdFrom, startSessionCommand, terminateSession } from './ssm';
import { sshCommand, writeSshFiles } from './ssh';
import { requireTools } from './tools';

/** What the post step needs to leave the runner clean; saved by the action as it becomes known. */
export interface CleanupState {
  mode: TunnelMode;
  /** The forwarder's process group; '' once it was stopped. */
  pid: string;
  sessionId: string;
  region: string;
  localPort: string;
  /** The private key file (ssh mode), removed by the post step. */
  keyPath: string;
  /** The forwarder's output of the attempt that is kept open. */
  logPath: string;
}

export interface OpenedTunnel {
  mode: TunnelMode;
  localHost: string;
  localPort: number;
  /** The bastion went through: instance id (ssm) or user@host:port (ssh). */
  target: string;
  /** remote-host:remote-port as the bastion reaches it. */
  remote: string;
  pid: number;
  sessionId?: string;
  attemptsUsed: number;
  logPath: string;
}

export interface OpenTunnelContext {
  /** A private directory (in RUNNER_TEMP) for the key and the forwarder's logs. */
  workDir: string;
  logger: TunnelLogger;
  /** Receives cleanup state as soon as it exists, so a failed or cancelled step can be cleaned. */
  remember: (state: Partial<CleanupState>) => void;
}

async function prepare(options: TunnelOptions, localPort: number, context: OpenTunnelContext) {
  const { remoteHost, remotePort } = options;
  if (options.ssm) {
    requireTools(['aws', 'session-manager-plugin']);
    const { bastion, region } = options.ssm;
    let instanceId = bastion;
    if (!isInstanceId(bastion)) {
      context.logger.info(`Looking up the running instance named ${bastion} in ${region}...`);
      instanceId = await findBastionInstance(bastion, region);
      context.logger.info(`Bastion ${bastion} is ${instanceId}.`);
    }
    return {
      target: instanceId,
      command: startSessionCommand(instanceId, region, remoteHost, remotePort, localPort),
    };
  }
  const ssh = options.ssh!;
  requireTools(['ssh']);
  const files = writeSshFiles(context.workDir, ssh);
  context.remember({ keyPath: files.keyPath });
  if (!files.knownHostsPath) {
    context.logger.warning(
      `No ssh-known-hosts given: trusting the host key ${ssh.host} presents on first use. Give ` +
        `ssh-known-hosts (ssh-keyscan -p ${ssh.port} ${ssh.host}) to pin it.`,
    );
  }
  return {
    target: `${ssh.user}@${ssh.host}:${ssh.port}`,
    command: sshCommand(ssh, files, remoteHost, remotePort, localPort),
  };
}

/** Stops a failed attempt's forwarder (and its SSM session) and waits for the port to be free. */
async function abandonAttempt(
  pid: number | undefined,
  output: string,
  localPort: number,
  options: TunnelOptions,
  context: OpenTunnelContext,
) {
  if (pid) await stopGroup(pid);
  context.remember({ pid: '' });
  const sessionId = sessionIdFrom(output);
  if (sessionId && options.ssm) {
    const problem = await terminateSession(sessionId, options.ssm.region);
    if (problem) context.logger.debug(`Could not terminate session ${sessionId}: ${problem}`);
  }
  await waitPortFree(localPort, 5000);
}

export async function openTunnel(
  options: TunnelOptions,
  context: OpenTunnelContext,
): Promise<OpenedTunnel> {
  const { logger } = context;
  const localPort = options.localPort || (await pickFreePort());
  await ensurePortFree(localPort);
  context.remember({
    mode: options.mode,
    localPort: String(localPort),
    region: options.ssm?.region ?? '',
  });
  const { target, command } = await prepare(options, localPort, context);
  const remote = `${options.remoteHost}:${options.remotePort}`;

  const causes: string[] = [];
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    const logPath = path.join(context.workDir, `forwarder-${attempt}.log`);
    logger.info(
      `Attempt ${attempt}/${options.attempts}: ${LOCAL_HOST}:${localPort} -> ${target} -> ${remote}`,
    );
    const result = await startForwarder(
      command,
      localPort,
      logPath,
      options.readyTimeoutMs,
      logger,
      (pid) => context.remember({ pid: String(pid), logPath }),
    );
    if (result.ready) {
      const sessionId = options.ssm ? sessionIdFrom(result.output) : undefined;
      if (sessionId) context.remember({ sessionId });
      logger.info(`Tunnel open on ${LOCAL_HOST}:${localPort} (attempt ${attempt}).`);
      return {
        mode: options.mode,
        localHost: LOCAL_HOST,
        localPort,
        target,
        remote,
        pid: result.process.pid,
        sessionId,
        attemptsUsed: attempt,
        logPath,
      };
    }
    causes.push(result.cause);
    logger.info(`Attempt ${attempt}/${options.attempts} failed: ${result.cause}`);
    await abandonAttempt(result.process?.pid, result.output, localPort, options, context);
    if (attempt < options.attempts && options.retryDelayMs > 0) {
      logger.info(`Retrying in ${options.retryDelayMs / 1000} s...`);
      await sleep(options.retryDelayMs);
    }
  }
  throw new TransientError(
    `The tunnel to ${remote} through ${target} did not open after ${options.attempts} ` +
      `attempt(s). Last cause: ${causes[causes.length - 1]}. ${hint(options)}`,
  );
}

function hint(options: TunnelOptions): string {
  return options.ssm
    ? 'Check that the bastion is running with its SSM agent online (Systems Manager > Fleet Manager), ' +
        'that the role may ssm:StartSession on it, and that it can reach the remote host.'
    : 'Check ssh-host, ssh-port, ssh-user and ssh-key, and that the bastion can reach the remote host.';
}
