import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..');

/** The runner's Node (the actions declare node24); this machine's own Node is 20. */
export const NODE24 = path.join(repoRoot, 'node_modules/node/bin/node');
/** Debian's awscli v2; the one first on PATH may be another version. */
export const AWS_CLI = '/usr/bin/aws';

/** The runner's file commands (and its temp folder, made here) for one action run under runnerDir. */
export function runnerFiles(runnerDir: string) {
  mkdirSync(path.join(runnerDir, 'temp'), { recursive: true });
  return {
    GITHUB_OUTPUT: path.join(runnerDir, 'output'),
    GITHUB_ENV: path.join(runnerDir, 'env'),
    GITHUB_STATE: path.join(runnerDir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(runnerDir, 'summary.md'),
    GITHUB_PATH: path.join(runnerDir, 'path'),
  };
}
export const GNU_TIME = '/usr/bin/time';

export interface Measured {
  /** Wall time of the whole process, start-up included, as a user waits for it. */
  seconds: number;
  maxRssBytes: number;
  /** CPU seconds (user + system) of the process. */
  cpuSeconds?: number;
  /** CPU seconds the local S3 server spent meanwhile (all its threads), when it was watched. */
  serverCpuSeconds?: number;
}

/** CPU seconds (user + system, all threads) a running process has used so far (Linux /proc). */
export function processCpuSeconds(pid: number): number {
  // Fields after the command name: state is the 1st, utime the 12th, stime the 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Linux's USER_HZ: /proc reports CPU time in these (100 on every mainstream build). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Runs `measure`, adding the CPU seconds the server process `pid` used meanwhile. */
export async function withServerCpu<T extends Measured>(
  pid: number | undefined,
  measure: () => Promise<T>,
): Promise<T> {
  if (pid === undefined) return measure();
  const before = processCpuSeconds(pid);
  const result = await measure();
  return { ...result, serverCpuSeconds: processCpuSeconds(pid) - before };
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve({ seconds, stdout, stderr });
      else
        reject(
          new Error(
            `${path.basename(command)} ${args.slice(0, 3).join(' ')} exited ${code}: ${stderr.slice(-2000)}`,
          ),
        );
    });
  });
}

export function checkAwsCli(): void {
  if (!existsSync(AWS_CLI) || !existsSync(GNU_TIME)) {
    throw new Error(
      `The benchmark compares with ${AWS_CLI} (Debian package awscli) and measures it with ${GNU_TIME} (package time): install them with .ci/install-packages or apt-get install awscli time.`,
    );
  }
}

/** `aws s3 sync` with its default settings (10 concurrent requests, 8 MiB multipart chunks). */
export async function runAwsSync(
  source: string,
  destination: string,
  endpoint: string,
  scratch: string,
): Promise<Measured> {
  const timeFile = path.join(scratch, `time-${process.pid}-${Date.now()}.txt`);
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(os.tmpdir(), 'cat-bench-no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'cat-bench-no-aws-credentials'),
    AWS_PAGER: '',
  };
  const { seconds } = await run(
    GNU_TIME,
    [
      '-f',
      '%M %U %S',
      '-o',
      timeFile,
      AWS_CLI,
      's3',
      'sync',
      source,
      destination,
      '--endpoint-url',
      endpoint,
      '--only-show-errors',
      '--no-progress',
    ],
    env,
  );
  const [kib, user, system] = (readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '')
    .split(' ')
    .map(Number);
  rmSync(timeFile, { force: true });
  return { seconds, maxRssBytes: kib * 1024, cpuSeconds: user + system };
}
