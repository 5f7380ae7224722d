/**
 * `npm run bench -- --scale`: how cost grows with the work. Files: N small files uploaded and
 * downloaded by run-stage and by `aws s3 sync` (one run each, through a request-counting proxy in
 * front of s3rver). Datasets: latest-dataset choosing LATEST among N datasets on the S3 list
 * endpoint (which pages like S3, 1,000 per page), requests counted there. Wall time, CPU, peak
 * RSS (/usr/bin/time) and requests for each.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatDatasetName } from '@cat-actions/core';
import { datasetObjects, startS3ListEndpoint, startS3rver } from '@cat-actions/local-services';
import { inputEnvironment, readActionMetadata } from '@cat-actions/cli';
import { startCountingProxy } from './counting-proxy';
import type { BenchOptions } from './options';
import { timeOnce } from './paired';
import { MEMORY_TARGET, mib, secs } from './report';
import { NODE24, checkAwsCli, repoRoot, runAwsSync, type Measured } from './runners';
import { BENCH_PART, projectFolder, runStageTransfer } from './stage-transfer';

const BUCKET = 'cat-bench';

/** N files of 1-4 KiB, 1,000 to a folder. */
function writeSmallFiles(root: string, count: number): void {
  const block = Buffer.alloc(4096, 'x');
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, `batch_${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `r${i}.json`), block.subarray(0, 1024 + (i % 3072)));
  }
}

const fmt = (m: Measured) =>
  `${secs(m.seconds)}, ${secs(m.cpuSeconds ?? 0)} CPU, ${mib(m.maxRssBytes)}`;

async function fileScale(options: BenchOptions, scratch: string): Promise<string[]> {
  checkAwsCli();
  const s3 = await startS3rver([BUCKET], path.join(scratch, 's3rver'), { asAws: true });
  const proxy = await startCountingProxy(s3.endpoint);
  const lines = [
    '| files | ours upload: wall, CPU, peak RSS (requests) | CLI upload | ours download | CLI download | ratio up / down | memory |',
    '|---|---|---|---|---|---|---|',
  ];
  try {
    for (const count of options.scaleFiles) {
      const shapeScratch = path.join(scratch, `files-${count}`);
      const source = path.join(projectFolder(shapeScratch, 'upload'), BENCH_PART);
      writeSmallFiles(source, count);
      const setup = {
        scratch: shapeScratch,
        endpoint: proxy.url,
        bucket: BUCKET,
        concurrency: options.concurrency,
      };
      const measure = async <T extends Measured>(run: () => Promise<T>) => {
        execFileSync('/usr/bin/sync');
        proxy.reset();
        const result = await run();
        return { result, requests: proxy.total() };
      };
      const cliUri = `s3://${BUCKET}/scale/${count}/`;
      const cliDown = path.join(shapeScratch, 'cli-down');
      // The CLI goes first on upload, ours first on download.
      const cliUp = await measure(() => runAwsSync(source, cliUri, proxy.url, scratch));
      const oursUp = await measure(() => runStageTransfer(setup, 'upload'));
      const oursDown = await measure(() =>
        runStageTransfer(setup, 'download', oursUp.result.dataset),
      );
      mkdirSync(cliDown, { recursive: true });
      const cliDownM = await measure(() => runAwsSync(cliUri, cliDown, proxy.url, scratch));
      const peak = Math.max(oursUp.result.maxRssBytes, oursDown.result.maxRssBytes);
      lines.push(
        `| ${count.toLocaleString('en')} | ${fmt(oursUp.result)} (${oursUp.requests}) | ${fmt(cliUp.result)} (${cliUp.requests}) | ` +
          `${fmt(oursDown.result)} (${oursDown.requests}) | ${fmt(cliDownM.result)} (${cliDownM.requests}) | ` +
          `${(oursUp.result.seconds / cliUp.result.seconds).toFixed(2)}x / ${(oursDown.result.seconds / cliDownM.result.seconds).toFixed(2)}x | ` +
          `${peak < MEMORY_TARGET ? 'met' : '**missed**'}: ours < ${mib(MEMORY_TARGET)} |`,
      );
      console.log(lines.at(-1));
      rmSync(shapeScratch, { recursive: true, force: true });
    }
  } finally {
    await proxy.stop();
    await s3.stop();
  }
  return lines;
}

/**
 * N datasets, one object each, the newest one complete in three parts (each with its completion
 * record, as uploads write them).
 */
function seedDatasets(count: number): Record<string, string> {
  const objects: Record<string, string> = {};
  let newest = '';
  for (let i = 0; i < count; i++) {
    newest = formatDatasetName(new Date(Date.UTC(2015, 0, 1) + i * 600_000));
    objects[`cat-be/datasets/${newest}/1b_raw/data.csv`] = 'x';
  }
  Object.assign(
    objects,
    datasetObjects('cat-be', newest, {
      '1b_raw': 'complete',
      '2b_processed': 'complete',
      '3b_model': 'complete',
    }),
  );
  return objects;
}

async function datasetScale(options: BenchOptions, scratch: string): Promise<string[]> {
  const lines = [
    '| datasets | latest-dataset: wall, CPU, peak RSS | requests: ListObjectsV2 + GetObject = total | bound ceil(N/1000)+3 (expected ceil(N/1000)+1) |',
    '|---|---|---|---|',
  ];
  const metadata = readActionMetadata(repoRoot, 'latest-dataset');
  for (const count of options.scaleDatasets) {
    const s3 = await startS3ListEndpoint({ [BUCKET]: seedDatasets(count) });
    try {
      const runnerDir = path.join(scratch, `latest-${count}`);
      mkdirSync(runnerDir, { recursive: true });
      const output = path.join(runnerDir, 'output');
      const files = {
        GITHUB_OUTPUT: output,
        GITHUB_ENV: path.join(runnerDir, 'env'),
        GITHUB_STEP_SUMMARY: path.join(runnerDir, 'summary.md'),
        GITHUB_STATE: path.join(runnerDir, 'state'),
      };
      for (const file of Object.values(files)) writeFileSync(file, '');
      const base = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: runnerDir,
        RUNNER_TEMP: runnerDir,
        RUNNER_TOOL_CACHE: path.join(scratch, 'toolcache'),
        ...s3.env,
        S3_BUCKET_NAME: BUCKET,
        TENANT_NAME: 'cat-be',
        ...files,
      };
      const run = await timeOnce({
        file: NODE24,
        args: [metadata.main],
        env: { ...base, ...inputEnvironment(metadata.inputs, {}, base) },
        check: (finished) => {
          if (finished.exitCode !== 0 || !readFileSync(output, 'utf8').includes('dataset')) {
            throw new Error(`latest-dataset failed (exit ${finished.exitCode})`);
          }
        },
      });
      const lists = s3.requests.filter((r) => r.operation === 'ListObjectsV2').length;
      const gets = s3.requests.length - lists;
      const bound = Math.ceil(count / 1000) + 3;
      // With records: the names, then one listing of the newest dataset, whatever its parts.
      const expected = Math.ceil(count / 1000) + 1;
      lines.push(
        `| ${count.toLocaleString('en')} | ${fmt(run)} | ${lists} + ${gets} = ${s3.requests.length} | ` +
          `${s3.requests.length <= bound ? 'met' : '**missed**'} (${bound}); ` +
          `${s3.requests.length === expected ? 'as expected' : `**expected ${expected}**`} |`,
      );
      console.log(lines.at(-1));
    } finally {
      await s3.stop();
    }
  }
  return lines;
}

export async function scaleBench(options: BenchOptions): Promise<string[]> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-bench-scale-'));
  try {
    console.log(`== scale: datasets ${options.scaleDatasets.join(', ')}`);
    const datasets = await datasetScale(options, scratch);
    console.log(`== scale: files ${options.scaleFiles.join(', ')}`);
    const files = options.scaleFiles.length ? await fileScale(options, scratch) : [];
    return [
      '## Cost as the work grows',
      '',
      "What was timed: one run of each whole process. LATEST: `node dist/latest-dataset/index.js` choosing among N datasets (the newest complete in three parts, each older one holding one object) on the S3 list endpoint, which pages like S3 (1,000 keys or prefixes per page); requests counted there. LATEST's requests when the newest dataset qualifies: ceil(N/1000) listing the names, then one `/`-delimited listing of the newest dataset's folder, which returns its part folders and, beside them, each complete part's completion record (`_cat_complete.<part>.<files>f.<bytes>b`, written by the uploader after the part's manifest): ceil(N/1000)+1 whatever the number of parts (the bench requires all three). A required part without a record (uploaded before records existed) adds one GetObject of its manifest. Each older candidate checked when the newest does not qualify costs its own listing (and manifests of parts without records). Files: N files of 1-4 KiB in folders of 1,000, uploaded then downloaded by run-stage (as in the transfer section) and by `/usr/bin/aws s3 sync`, through a counting proxy in front of s3rver (the proxy's requests are the tools' requests); CPU and peak RSS from `/usr/bin/time`.",
      '',
      ...datasets,
      '',
      ...files,
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
