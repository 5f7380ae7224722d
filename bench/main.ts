/**
 * `npm run bench` (issue 14): three sections, each written into bench/RESULTS.md.
 *  --transfers  the committed run-stage bundle as a whole process against `aws s3 sync`
 *               (Debian's awscli v2) on one s3rver, alternating who goes first: many small files
 *               and a mixed dataset, upload and download; then one 1 GiB file for peak memory.
 *  --cold       each action's bundle doing its real work on local endpoints, paired with the
 *               Node floor (cold.ts); `--vs-cac` adds configure-aws-credentials.
 *  --scale      files and datasets growing (scale.ts).
 * `--help` lists the options.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startS3rver } from '@cat-actions/local-services';
import { coldBench, coldTable } from './cold';
import { QUICK_DATASET, writeDataset, writeLargeFile, type DatasetShape } from './dataset';
import { USAGE, parseOptions, type BenchOptions } from './options';
import {
  OVERALL_TARGET,
  SMALL_FILES_TARGET,
  bigFileLine,
  mib,
  roundLine,
  transferTable,
  type Pair,
  type Round,
} from './report';
import { writeSection } from './results';
import { checkAwsCli, runAwsSync, withServerCpu, type Measured } from './runners';
import { scaleBench } from './scale';
import { BENCH_PART, projectFolder, runStageTransfer } from './stage-transfer';

const MiB = 1024 * 1024;
const BUCKET = 'cat-bench';

const SMALL: DatasetShape = {
  smallFiles: 2000,
  smallMinBytes: 4 * 1024,
  smallMaxBytes: 64 * 1024,
  largeFiles: 0,
  largeBytes: 0,
};
const MIXED: DatasetShape = { ...SMALL, largeFiles: 4, largeBytes: 64 * MiB };

export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const command = `npm run bench -- ${argv.join(' ')}`.trim();
  if (options.cold) {
    console.log(`== cold start: ${options.coldRuns} paired runs per action`);
    const rows = await coldBench({
      runs: options.coldRuns,
      vsCac: options.vsCac,
      only: options.only,
    });
    const table = coldTable(rows, options.coldRuns);
    console.log(['', ...table, ''].join('\n'));
    if (options.write) await writeSection('cold', coldSection(table, options), command);
  }
  if (options.transfers) {
    const table = await transfers(options);
    if (options.write) await writeSection('transfers', table, command);
  }
  if (options.scale) {
    const table = await scaleBench(options);
    if (options.write) await writeSection('scale', table, command);
  }
  return 0;
}

function coldSection(table: string[], options: BenchOptions): string[] {
  return [
    '## Cold start on the real path',
    '',
    "What was timed: the wall time from spawning `node dist/<action>/index.js` (the committed bundle, on the `node` devDependency's Node 24, with the runner's INPUT_*/GITHUB_* environment and file commands) to its exit; for run-stage, to the stage's first line of output (the secret fetched, the new dataset's name checked, the stage started). Baseline: `node -e ''` on the same binary, spawned the same way. Each pair runs both, in alternating order (A B, B A, ...); the ratio is the median of the per-pair ratios. Each action ran once untimed first (which also fills Node's compile cache, as any earlier run on a self-hosted runner would); the rows marked \"empty compile cache\" empty it before every run, as on a fresh hosted runner. Both sides run under `/usr/bin/time` (about a millisecond each), which gives the CPU ratio (user + system seconds of the whole process, totalled over all runs since they come in 10 ms steps; for run-stage that includes the part upload after the stage) and peak RSS.",
    options.vsCac
      ? 'The last row pairs assume-role with aws-actions/configure-aws-credentials v6.2.3 (its dist/index.js, fetched separately) assuming the same role on the same fake STS with the same environment credentials.'
      : '',
    '',
    ...table,
  ];
}

/** Flushes what the previous step wrote, so the kernel's write-back does not land on the next. */
function settleDisk(): void {
  execFileSync('/usr/bin/sync');
}

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

interface ShapeSetup {
  name: string;
  scratch: string;
  source: string;
  dataset: { files: number; bytes: number };
}

async function transfers(options: BenchOptions): Promise<string[]> {
  checkAwsCli();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-bench-'));
  const s3 = await startS3rver([BUCKET], path.join(scratch, 's3rver'), { asAws: true });
  try {
    const shapes: [string, DatasetShape][] = options.quick
      ? [
          ['small files', { ...QUICK_DATASET, largeFiles: 0 }],
          ['mixed', QUICK_DATASET],
        ]
      : [
          ['small files', SMALL],
          ['mixed', MIXED],
        ];
    const setups: ShapeSetup[] = [];
    for (const [name, shape] of shapes) {
      const shapeScratch = path.join(scratch, name.replace(/\W+/g, '-'));
      const source = path.join(projectFolder(shapeScratch, 'upload'), BENCH_PART);
      const dataset = await writeDataset(source, shape);
      setups.push({ name, scratch: shapeScratch, source, dataset });
      console.log(`dataset "${name}": ${dataset.files} files, ${mib(dataset.bytes)}`);
    }
    console.log(
      `== transfers: run-stage (concurrency ${options.concurrency}) vs aws s3 sync (its defaults) ` +
        `on s3rver ${s3.endpoint}; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`,
    );
    // Untimed: s3rver's JavaScript is compiled and optimised on its first thousands of requests;
    // without this, whichever tool goes first in round 1 pays for it.
    await warmUp(setups[0], s3.endpoint, options, scratch);
    const rounds: Round[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const round: Round = {};
      for (const setup of setups) {
        round[setup.name] = await transferRound(run, setup, s3, options, scratch);
      }
      rounds.push(round);
      console.log(roundLine(run, round));
    }
    const table = transferTable(
      rounds,
      Object.fromEntries(
        setups.map((s) => [s.name, s.name === 'small files' ? SMALL_FILES_TARGET : OVERALL_TARGET]),
      ),
    );
    if (options.big) {
      const size = options.quick ? 256 * MiB : 1024 * MiB;
      table.push(await bigFileCheck(scratch, s3.endpoint, options, size));
    }
    console.log(['', ...table].join('\n'));
    return [
      '## Transfers against `aws s3 sync`',
      '',
      `What was timed: the wall time of each whole process. Ours: \`node dist/run-stage/index.js\` (the committed bundle, Node 24) with a stage command that does nothing (\`true\`): stage 1a uploading the part folder as a new dataset (files, then its manifest, then the stage log), stage 2a downloading it (listing, manifest check, files). Theirs: \`/usr/bin/aws s3 sync\` (Debian's awscli v2, default settings: 10 concurrent requests, 8 MiB multipart) between the same folder and its own prefix. Both against one s3rver on 127.0.0.1, in alternating order, after one untimed upload by each (s3rver's code warmed up), \`sync\` run before each timed step; CPU seconds (user + system) and peak RSS from \`/usr/bin/time\` on each process. s3rver's CPU: user + system seconds of the s3rver process (all its threads, read from /proc) while each tool ran; s3rver runs JavaScript on one thread, so where its CPU comes close to a tool's wall time, that wall time waited on the server rather than on the tool. Datasets: "small files" = ${setups[0].dataset.files} files of 4-64 KiB in 20 folders (${mib(setups[0].dataset.bytes)}); "mixed" = the same plus ${shapes[1][1].largeFiles} files of ${mib(shapes[1][1].largeBytes)} (${mib(setups[1].dataset.bytes)}). Ratios are medians of per-round ratios (lower is better).`,
      '',
      ...table,
    ];
  } finally {
    await s3.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One untimed upload of the small-file dataset by each tool. */
async function warmUp(
  setup: ShapeSetup,
  endpoint: string,
  options: BenchOptions,
  scratch: string,
): Promise<void> {
  const stageSetup = {
    scratch: setup.scratch,
    endpoint,
    bucket: BUCKET,
    concurrency: options.concurrency,
  };
  await runStageTransfer(stageSetup, 'upload');
  await runAwsSync(setup.source, `s3://${BUCKET}/cli/warm-up/`, endpoint, scratch);
}

async function transferRound(
  run: number,
  setup: ShapeSetup,
  s3: { endpoint: string; pid?: number },
  options: BenchOptions,
  scratch: string,
): Promise<{ upload: Pair; download: Pair }> {
  const { endpoint } = s3;
  const stageSetup = {
    scratch: setup.scratch,
    endpoint,
    bucket: BUCKET,
    concurrency: options.concurrency,
  };
  const cliUri = `s3://${BUCKET}/cli/${setup.name.replace(/\W+/g, '-')}/run${run}/`;
  // Alternate who goes first, so neither always meets the warmer caches.
  // s3rver's own CPU during each run shows when a wall time waited on the server.
  const pair = async <T extends Measured>(
    oursRun: () => Promise<T>,
    cliRun: () => Promise<Measured>,
  ) => {
    const ours = () => withServerCpu(s3.pid, oursRun);
    const cli = () => withServerCpu(s3.pid, cliRun);
    if (run % 2 === 0) {
      settleDisk();
      const o = await ours();
      settleDisk();
      return { ours: o, cli: await cli() };
    }
    settleDisk();
    const c = await cli();
    settleDisk();
    return { ours: await ours(), cli: c };
  };
  const upload = await pair(
    () => runStageTransfer(stageSetup, 'upload'),
    () => runAwsSync(setup.source, cliUri, endpoint, scratch),
  );
  const cliDown = path.join(scratch, `down-cli-${run}`);
  mkdirSync(cliDown, { recursive: true });
  const download = await pair(
    () => runStageTransfer(stageSetup, 'download', upload.ours.dataset),
    () => runAwsSync(cliUri, cliDown, endpoint, scratch),
  );
  const oursDown = path.join(projectFolder(setup.scratch, 'download'), BENCH_PART);
  for (const [tool, dir] of [
    ['run-stage', oursDown],
    ['aws s3 sync', cliDown],
  ]) {
    const got = tally(dir);
    if (got.files !== setup.dataset.files || got.bytes !== setup.dataset.bytes) {
      throw new Error(
        `${tool} downloaded ${got.files} files, ${got.bytes} bytes; expected ${setup.dataset.files}, ${setup.dataset.bytes}`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { upload, download };
}

async function bigFileCheck(
  scratch: string,
  endpoint: string,
  options: BenchOptions,
  size: number,
): Promise<string> {
  const bigScratch = path.join(scratch, 'big');
  const folder = path.join(projectFolder(bigScratch, 'upload'), BENCH_PART);
  mkdirSync(folder, { recursive: true });
  await writeLargeFile(path.join(folder, 'one.bin'), size, 7);
  const setup = { scratch: bigScratch, endpoint, bucket: BUCKET, concurrency: options.concurrency };
  settleDisk();
  const upload = await runStageTransfer(setup, 'upload');
  rmSync(folder, { recursive: true, force: true });
  settleDisk();
  const download = await runStageTransfer(setup, 'download', upload.dataset);
  rmSync(path.join(projectFolder(bigScratch, 'download'), BENCH_PART), {
    recursive: true,
    force: true,
  });
  return bigFileLine(size, upload, download);
}
