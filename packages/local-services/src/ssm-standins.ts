/**
 * The stand-in `aws` and `session-manager-plugin` executables (standins/aws/), for the ssm-mode
 * tunnel where no aws CLI or Session Manager plugin exists (tests, the demo on a bare machine): put
 * `env.PATH` first and they answer `aws ssm start-session` (refusing the first `refusals` calls),
 * `aws ssm terminate-session` and `aws s3 sync`, recording what they were asked. The plugin really
 * forwards the port.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const standinsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../standins/aws',
);

export interface SsmStandins {
  /** PATH (stand-ins first), SSM_STANDIN_DIR and SSM_STANDIN_REFUSALS for the step. */
  env: Record<string, string>;
  dir: string;
  /** The argv of every `aws` call, in order. */
  awsCalls(): string[][];
  /** Pids of every `aws` process started. */
  awsPids(): number[];
  /** Session ids passed to `aws ssm terminate-session`. */
  terminatedSessions(): string[];
  /** Pids of every session-manager-plugin started. */
  pluginPids(): number[];
  remove(): void;
}

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

export function ssmStandins(options: { refusals?: number; silent?: boolean } = {}): SsmStandins {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-ssm-standin-'));
  return {
    env: {
      PATH: `${standinsDir}${path.delimiter}${process.env.PATH ?? ''}`,
      SSM_STANDIN_DIR: dir,
      SSM_STANDIN_REFUSALS: String(options.refusals ?? 0),
      ...(options.silent ? { SSM_STANDIN_SILENT: '1' } : {}),
    },
    dir,
    awsCalls: () => lines(path.join(dir, 'calls.jsonl')).map((l) => JSON.parse(l).args),
    awsPids: () => lines(path.join(dir, 'calls.jsonl')).map((l) => JSON.parse(l).pid),
    terminatedSessions: () => lines(path.join(dir, 'terminated.txt')),
    pluginPids: () => lines(path.join(dir, 'plugin.pids')).map(Number),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export { isAlive } from './processes';
