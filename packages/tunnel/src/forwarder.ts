/**
 * One attempt at starting a forwarder (`aws ssm start-session` or `ssh -N -L`) and waiting until it
 * is ready: the local port accepts connections and, where the forwarder says so, it reports that it
 * is waiting for connections. When it is not, the attempt's cause comes from the forwarder's own
 * output, so the log says why (TargetNotConnected, Permission denied, ...).
 */
import { readFileSync } from 'node:fs';
import { sleep } from '@cat-actions/core';
import { portAccepts } from './local-port';
import type { TunnelLogger } from './logger';
import { type DetachedProcess, spawnDetached } from './process-group';

export interface ForwarderCommand {
  command: string;
  args: string[];
  /** A line the forwarder prints once it listens, e.g. /Waiting for connections/. */
  readyLine?: RegExp;
  /** What readyLine means, for messages. */
  readyLineName?: string;
  /**
   * A line the forwarder prints when the bastion cannot reach the remote host; checked right
   * after the readiness probe, so "the database is unreachable from the bastion" fails here
   * rather than in the next step.
   */
  remoteFailureLine?: RegExp;
}

// How long to wait after the probe connection for the forwarder to report a failed remote end.
const REMOTE_VERDICT_MS = 500;

export type AttemptResult =
  | { ready: true; process: DetachedProcess; output: string }
  | { ready: false; process?: DetachedProcess; output: string; cause: string };

/** What the forwarder has written so far; '' when it wrote nothing or there is no log. */
export function readLog(logPath: string | undefined): string {
  if (!logPath) return '';
  try {
    return readFileSync(logPath, 'utf8');
  } catch {
    return '';
  }
}

/** The last few meaningful lines of the forwarder's output, as one line for the log. */
export function lastLines(output: string, count = 3): string {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}

export async function startForwarder(
  forwarder: ForwarderCommand,
  localPort: number,
  logPath: string,
  readyTimeoutMs: number,
  logger: TunnelLogger,
  onStarted: (pid: number) => void = () => {},
): Promise<AttemptResult> {
  let started: DetachedProcess;
  try {
    started = await spawnDetached(forwarder.command, forwarder.args, logPath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ready: false, output: '', cause: `could not start ${forwarder.command}: ${reason}` };
  }
  onStarted(started.pid);
  const startedAt = Date.now();
  let nextProgress = startedAt + 5000;
  for (;;) {
    const output = readLog(logPath);
    if (started.exit) {
      const how =
        started.exit.signal !== null
          ? `was ended by ${started.exit.signal}`
          : `exited with code ${started.exit.code}`;
      const said = lastLines(output);
      return {
        ready: false,
        process: started,
        output,
        cause: `${forwarder.command} ${how}${said ? `: ${said}` : ' without output'}`,
      };
    }
    const lineSeen = !forwarder.readyLine || forwarder.readyLine.test(output);
    const accepts = lineSeen && (await portAccepts(localPort));
    if (lineSeen && accepts) {
      if (!forwarder.remoteFailureLine) return { ready: true, process: started, output };
      await sleep(REMOTE_VERDICT_MS);
      const after = readLog(logPath);
      const failure = forwarder.remoteFailureLine.exec(after);
      if (!failure) return { ready: true, process: started, output: after };
      return {
        ready: false,
        process: started,
        output: after,
        cause: `the bastion could not reach the remote host: ${failure[0].trim()}`,
      };
    }
    const elapsed = Date.now() - startedAt;
    if (elapsed >= readyTimeoutMs) {
      const acceptsNow = accepts || (await portAccepts(localPort));
      const missing = [
        lineSeen ? '' : `no "${forwarder.readyLineName ?? 'ready'}" line`,
        acceptsNow ? '' : `127.0.0.1:${localPort} does not accept connections`,
      ].filter(Boolean);
      const said = lastLines(output);
      return {
        ready: false,
        process: started,
        output,
        cause: `not ready after ${Math.round(elapsed / 1000)} s (${missing.join(', ')})${said ? `; last output: ${said}` : ''}`,
      };
    }
    if (Date.now() >= nextProgress) {
      logger.info(`  still waiting for the tunnel (${Math.round(elapsed / 1000)} s)...`);
      nextProgress += 5000;
    }
    await sleep(200);
  }
}
