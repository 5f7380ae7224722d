/**
 * One transfer through packages/transfer in its own process, so its peak memory (maxRSS) is its
 * own. Bundled by the benchmark (like an action's bundle) and run with the runner's Node 24.
 * argv[2]: JSON ChildRequest. Prints one JSON ChildResult line.
 */
import './limit-heap';
import { S3Client } from '@aws-sdk/client-s3';
import { downloadPart, uploadPart, type TransferTuning } from '@cat-actions/transfer';

export interface ChildRequest {
  op: 'upload' | 'download';
  endpoint: string;
  bucket: string;
  prefix: string;
  localDir: string;
  concurrency: number;
  /** Overrides of the transfer defaults, to compare settings. */
  tuning?: Partial<TransferTuning>;
}

export interface ChildResult {
  files: number;
  bytes: number;
  transferSeconds: number;
  maxRssBytes: number;
  /** User + system CPU seconds of this process (s3rver competes for the same cores). */
  cpuSeconds: number;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]) as ChildRequest;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: request.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
  const common = {
    client,
    bucket: request.bucket,
    prefix: request.prefix,
    localDir: request.localDir,
    concurrency: request.concurrency,
    tuning: request.tuning,
  };
  const started = process.hrtime.bigint();
  const moved =
    request.op === 'upload'
      ? await uploadPart({
          ...common,
          identity: { tenant: 'cat-bench', dataset: '20240101_000000_utc', part: '1b' },
        })
      : await downloadPart({ ...common, requireManifest: true });
  const transferSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  client.destroy();
  const result: ChildResult = {
    files: moved.files,
    bytes: moved.bytes,
    transferSeconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
