/**
 * `npm run bench`: issue 5's transfer benchmark. The same synthetic dataset is uploaded and
 * downloaded through packages/transfer (bundled, in a child process on Node 24) and through
 * `aws s3 sync` (Debian's awscli v2), against one s3rver, in alternating order; ratios are
 * ours / CLI wall time, start-up included (lower is better, target <= 0.7). Then one large file
 * checks that our peak memory stays bounded (target < 150 MiB). `--help` lists the options.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startS3rver } from '@cat-actions/local-services';
import { FULL_DATASET, QUICK_DATASET, writeDataset, writeLargeFile } from './dataset';
import { USAGE, parseOptions, type BenchOptions } from './options';
import { bigFileLine, mib, roundLine, summaryTable, type Round } from './report';
import { bundleChild, checkAwsCli, runAwsSync, runOurs, type Measured } from './runners';
import type { ChildRequest } from './transfer-child';

const MiB = 1024 * 1024;
const BUCKET = 'cat-bench';

interface Setup {
  options: BenchOptions;
  endpoint: string;
  scratch: string;
  source: string;
  bundle: string;
  dataset: { files: number; bytes: number };
}

export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  checkAwsCli();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-bench-'));
  const s3 = await startS3rver([BUCKET], path.join(scratch, 's3rver'));
  try {
    const shape = options.quick ? QUICK_DATASET : FULL_DATASET;
    const source = path.join(scratch, 'source');
    const dataset = await writeDataset(source, shape);
    const bundle = await bundleChild(scratch);
    const setup: Setup = { options, endpoint: s3.endpoint, scratch, source, bundle, dataset };
    console.log(
      `dataset: ${shape.smallFiles} files of ${shape.smallMinBytes / 1024}-${shape.smallMaxBytes / 1024} KiB + ` +
        `${shape.largeFiles} of ${mib(shape.largeBytes)} = ${dataset.files} files, ${mib(dataset.bytes)}\n` +
        `ours: concurrency ${options.concurrency}, multipart from ${options.multipartFromMiB ?? 100} MiB; ` +
        `aws s3 sync: its defaults; s3rver on ${s3.endpoint}; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`,
    );
    const rounds: Round[] = [];
    for (let run = 1; run <= options.runs; run++) {
      rounds.push(await round(run, setup));
      console.log(roundLine(run, rounds.at(-1)!));
    }
    console.log(['', ...summaryTable(rounds)].join('\n'));
    if (options.big) {
      const size = options.quick ? 256 * MiB : 1024 * MiB;
      const { upload, download } = await bigFileCheck(setup, size);
      console.log(bigFileLine(size, upload, download));
    }
    return 0;
  } finally {
    await s3.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function oursRequest(setup: Setup, op: ChildRequest['op'], prefix: string, localDir: string) {
  const { multipartFromMiB } = setup.options;
  return {
    op,
    endpoint: setup.endpoint,
    bucket: BUCKET,
    prefix,
    localDir,
    concurrency: setup.options.concurrency,
    tuning: multipartFromMiB ? { multipartThresholdBytes: multipartFromMiB * MiB } : undefined,
  };
}

/**
 * Flushes what the previous step wrote (hundreds of MiB, by the tools and by s3rver) before the
 * next one is timed: otherwise the kernel's write-back lands on whoever goes next.
 */
function settleDisk(): void {
  execFileSync('/usr/bin/sync');
}

/** Files and bytes under a folder, to check that each download brought everything back. */
function tally(root: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

async function round(run: number, setup: Setup): Promise<Round> {
  const { scratch, source, bundle, endpoint, dataset } = setup;
  const oursPrefix = `cat-bench/datasets/run${run}/ours/`;
  const cliUri = `s3://${BUCKET}/cat-bench/datasets/run${run}/cli/`;
  // Alternate who goes first, so neither always meets the warmer caches.
  const pair = async (ours: () => Promise<Measured>, cli: () => Promise<Measured>) => {
    const [first, second] = run % 2 === 0 ? [ours, cli] : [cli, ours];
    settleDisk();
    const a = await first();
    settleDisk();
    const b = await second();
    return run % 2 === 0 ? { ours: a, cli: b } : { ours: b, cli: a };
  };
  const upload = await pair(
    () => runOurs(bundle, oursRequest(setup, 'upload', oursPrefix, source)),
    () => runAwsSync(source, cliUri, endpoint, scratch),
  );
  const oursDown = path.join(scratch, `down-ours-${run}`);
  const cliDown = path.join(scratch, `down-cli-${run}`);
  mkdirSync(cliDown, { recursive: true });
  const download = await pair(
    () => runOurs(bundle, oursRequest(setup, 'download', oursPrefix, oursDown)),
    () => runAwsSync(cliUri, cliDown, endpoint, scratch),
  );
  for (const [tool, dir] of [
    ['ours', oursDown],
    ['aws s3 sync', cliDown],
  ]) {
    const got = tally(dir);
    if (got.files !== dataset.files || got.bytes !== dataset.bytes) {
      throw new Error(
        `${tool} downloaded ${got.files} files, ${got.bytes} bytes; expected ${dataset.files}, ${dataset.bytes}`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { upload, download };
}

async function bigFileCheck(setup: Setup, size: number) {
  const dir = path.join(setup.scratch, 'big');
  mkdirSync(dir, { recursive: true });
  await writeLargeFile(path.join(dir, 'one.bin'), size, 7);
  const prefix = 'cat-bench/datasets/big/1b/';
  const upload = await runOurs(setup.bundle, oursRequest(setup, 'upload', prefix, dir));
  rmSync(dir, { recursive: true, force: true });
  const down = path.join(setup.scratch, 'big-down');
  const download = await runOurs(setup.bundle, oursRequest(setup, 'download', prefix, down));
  rmSync(down, { recursive: true, force: true });
  return { upload, download };
}
