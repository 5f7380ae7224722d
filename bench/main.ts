/**
 * `npm run bench`: issue 5's transfer benchmark. The same synthetic dataset is uploaded and
 * downloaded through packages/transfer (bundled, in a child process on Node 24) and through
 * `aws s3 sync` (Debian's awscli v2), against one s3rver, in alternating order; ratios are
 * ours / CLI wall time (lower is better, target <= 0.7). Then a 1 GiB file checks that our peak
 * memory stays bounded (target < 150 MiB). Options: --quick, --runs N, --concurrency N, --no-big.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startS3rver } from '../tests/support/s3rver';
import { FULL_DATASET, QUICK_DATASET, writeDataset, writeLargeFile } from './dataset';
import { bundleChild, checkAwsCli, runAwsSync, runOurs, type Measured } from './runners';

const MiB = 1024 * 1024;
const BUCKET = 'cat-bench';
const RATIO_TARGET = 0.7;
const MEMORY_TARGET = 150 * MiB;

interface Options {
  quick: boolean;
  runs: number;
  concurrency: number;
  big: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { quick: false, runs: 3, concurrency: 16, big: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-big') options.big = false;
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--concurrency') options.concurrency = Number(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'npm run bench -- [--quick] [--runs N (default 3; 1 with --quick)] [--concurrency N (16)] [--no-big]',
      );
      process.exit(0);
    } else throw new Error(`Unknown option ${arg}; see npm run bench -- --help`);
  }
  if (options.quick && !argv.includes('--runs')) options.runs = 1;
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new Error('--runs wants a positive integer');
  return options;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const secs = (s: number) => `${s.toFixed(2)} s`;

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

interface Round {
  upload: { ours: Measured; cli: Measured };
  download: { ours: Measured; cli: Measured };
}

export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  checkAwsCli();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-bench-'));
  const s3 = await startS3rver([BUCKET], path.join(scratch, 's3rver'));
  try {
    const shape = options.quick ? QUICK_DATASET : FULL_DATASET;
    const source = path.join(scratch, 'source');
    const dataset = await writeDataset(source, shape);
    const bundle = await bundleChild(scratch);
    console.log(
      `dataset: ${shape.smallFiles} files of ${shape.smallMinBytes / 1024}-${shape.smallMaxBytes / 1024} KiB + ` +
        `${shape.largeFiles} of ${mib(shape.largeBytes)} = ${dataset.files} files, ${mib(dataset.bytes)}; ` +
        `ours: concurrency ${options.concurrency}; aws s3 sync: defaults; s3rver ${s3.endpoint}; ${os.cpus().length} CPUs`,
    );
    const rounds: Round[] = [];
    for (let run = 1; run <= options.runs; run++) {
      rounds.push(
        await round(run, { options, s3Endpoint: s3.endpoint, scratch, source, bundle, dataset }),
      );
      const r = rounds.at(-1)!;
      console.log(
        `run ${run}: upload ours ${secs(r.upload.ours.seconds)} / cli ${secs(r.upload.cli.seconds)} = ` +
          `${(r.upload.ours.seconds / r.upload.cli.seconds).toFixed(2)}; download ours ${secs(r.download.ours.seconds)} / ` +
          `cli ${secs(r.download.cli.seconds)} = ${(r.download.ours.seconds / r.download.cli.seconds).toFixed(2)}`,
      );
    }
    const uploadRatio = median(rounds.map((r) => r.upload.ours.seconds / r.upload.cli.seconds));
    const downloadRatio = median(
      rounds.map((r) => r.download.ours.seconds / r.download.cli.seconds),
    );
    const oursPeak = Math.max(
      ...rounds.flatMap((r) => [r.upload.ours.maxRssBytes, r.download.ours.maxRssBytes]),
    );
    const cliPeak = Math.max(
      ...rounds.flatMap((r) => [r.upload.cli.maxRssBytes, r.download.cli.maxRssBytes]),
    );
    const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
    console.log('');
    console.log(
      `| ${options.runs} run(s), medians | ours | aws s3 sync | ratio (target <= ${RATIO_TARGET}) |`,
    );
    console.log('|---|---|---|---|');
    for (const phase of ['upload', 'download'] as const) {
      const ours = median(rounds.map((r) => r[phase].ours.seconds));
      const cli = median(rounds.map((r) => r[phase].cli.seconds));
      const inCall = median(rounds.map((r) => r[phase].ours.transferSeconds ?? 0));
      const ratio = phase === 'upload' ? uploadRatio : downloadRatio;
      console.log(
        `| ${phase} | ${secs(ours)} (${secs(inCall)} in the call) | ${secs(cli)} | ${ratio.toFixed(2)} ${verdict(ratio <= RATIO_TARGET)} |`,
      );
    }
    console.log(`| peak RSS | ${mib(oursPeak)} | ${mib(cliPeak)} | |`);
    if (options.big) {
      const big = await bigFileCheck(
        options,
        s3.endpoint,
        scratch,
        bundle,
        options.quick ? 256 * MiB : 1024 * MiB,
      );
      console.log(
        `| ${mib(big.size)} file, peak RSS | upload ${mib(big.upload.maxRssBytes)} (${secs(big.upload.seconds)}), ` +
          `download ${mib(big.download.maxRssBytes)} (${secs(big.download.seconds)}) | | ` +
          `${verdict(Math.max(big.upload.maxRssBytes, big.download.maxRssBytes) < MEMORY_TARGET)} (< ${mib(MEMORY_TARGET)}) |`,
      );
    }
    return 0;
  } finally {
    await s3.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function round(
  run: number,
  setup: {
    options: Options;
    s3Endpoint: string;
    scratch: string;
    source: string;
    bundle: string;
    dataset: { files: number; bytes: number };
  },
): Promise<Round> {
  const { options, s3Endpoint, scratch, source, bundle, dataset } = setup;
  const prefix = (tool: string) => `cat-bench/datasets/run${run}/${tool}/`;
  const ours = (op: 'upload' | 'download', localDir: string) =>
    runOurs(bundle, {
      op,
      endpoint: s3Endpoint,
      bucket: BUCKET,
      prefix: prefix('ours'),
      localDir,
      concurrency: options.concurrency,
    });
  const cli = (from: string, to: string) => runAwsSync(from, to, s3Endpoint, scratch);
  const cliUri = `s3://${BUCKET}/${prefix('cli')}`;
  // Alternate who goes first, so neither always gets the warmer caches.
  const oursFirst = run % 2 === 0;
  const pair = async (a: () => Promise<Measured>, b: () => Promise<Measured>) => {
    if (oursFirst) {
      const first = await a();
      return { ours: first, cli: await b() };
    }
    const first = await b();
    return { ours: await a(), cli: first };
  };
  const upload = await pair(
    () => ours('upload', source),
    () => cli(source, cliUri),
  );
  const oursDown = path.join(scratch, `down-ours-${run}`);
  const cliDown = path.join(scratch, `down-cli-${run}`);
  mkdirSync(cliDown, { recursive: true });
  const download = await pair(
    () => ours('download', oursDown),
    () => cli(cliUri, cliDown),
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

async function bigFileCheck(
  options: Options,
  endpoint: string,
  scratch: string,
  bundle: string,
  size: number,
) {
  const dir = path.join(scratch, 'big');
  mkdirSync(dir, { recursive: true });
  await writeLargeFile(path.join(dir, 'one.bin'), size, 7);
  const request = {
    endpoint,
    bucket: BUCKET,
    prefix: 'cat-bench/datasets/big/1b/',
    concurrency: options.concurrency,
  };
  const upload = await runOurs(bundle, { ...request, op: 'upload', localDir: dir });
  rmSync(dir, { recursive: true, force: true });
  const down = path.join(scratch, 'big-down');
  const download = await runOurs(bundle, { ...request, op: 'download', localDir: down });
  rmSync(down, { recursive: true, force: true });
  return { size, upload, download };
}
