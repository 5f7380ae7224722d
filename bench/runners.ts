import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildRequest, ChildResult } from './transfer-child';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..');

/** The runner's Node (the actions declare node24); this machine's own Node is 20. */
export const NODE24 = path.join(repoRoot, 'node_modules/node/bin/node');
/** Debian's awscli v2; the one first on PATH may be another version. */
export const AWS_CLI = '/usr/bin/aws';
const GNU_TIME = '/usr/bin/time';

export interface Measured {
  /** Wall time of the whole process, start-up included, as a user waits for it. */
  seconds: number;
  maxRssBytes: number;
  /** Time inside the transfer call (ours only). */
  transferSeconds?: number;
  /** CPU seconds (user + system) of the process. */
  cpuSeconds?: number;
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

/**
 * Bundles bench/transfer-child.ts with esbuild (tsx's own dependency), as ncc bundles an action:
 * start-up then costs what it costs in a real step, not a TypeScript compile.
 */
export async function bundleChild(outDir: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(outDir, 'transfer-child.cjs');
  await build({
    entryPoints: [path.join(here, 'transfer-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: !process.env.BENCH_NO_MINIFY,
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

export async function runOurs(bundle: string, request: ChildRequest): Promise<Measured> {
  const { seconds, stdout } = await run(NODE24, [bundle, JSON.stringify(request)], {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
  return {
    seconds,
    maxRssBytes: result.maxRssBytes,
    transferSeconds: result.transferSeconds,
    cpuSeconds: result.cpuSeconds,
  };
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
