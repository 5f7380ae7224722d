/** Session Manager port forwarding through the bastion: the `aws ssm` commands and their output. */
import { execFile } from 'node:child_process';
import type { ForwarderCommand } from './forwarder';

export const PORT_FORWARDING_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';

export function startSessionCommand(
  instanceId: string,
  region: string,
  remoteHost: string,
  remotePort: number,
  localPort: number,
): ForwarderCommand {
  return {
    command: 'aws',
    args: [
      'ssm',
      'start-session',
      '--region',
      region,
      '--target',
      instanceId,
      '--document-name',
      PORT_FORWARDING_DOCUMENT,
      '--parameters',
      `host=${remoteHost},portNumber=${remotePort},localPortNumber=${localPort}`,
    ],
    readyLine: /Waiting for connections/,
    readyLineName: 'Waiting for connections',
  };
}

/** The id `aws ssm start-session` prints ("Starting session with SessionId: ..."). */
export function sessionIdFrom(output: string): string | undefined {
  return /Starting session with SessionId:\s*(\S+)/.exec(output)?.[1];
}

/** Ends the session on the AWS side; resolves to an error message, or '' when it worked. */
export function terminateSession(sessionId: string, region: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      [
        'ssm',
        'terminate-session',
        ...(region ? ['--region', region] : []),
        '--session-id',
        sessionId,
      ],
      { timeout: 30_000 },
      (error, _stdout, stderr) => resolve(error ? stderr.trim() || error.message : ''),
    );
  });
}
