import {
  AwsClients,
  isUsablePart,
  latestDataset,
  listFolder,
  readSecretJson,
  type PartReport,
} from '@cat-actions/aws';
import { datasetPrefix, partPrefix, type PartState } from '@cat-actions/core';
import type { ProgressListener } from '@cat-actions/transfer';
import type { FoundDataset, StageStore, TransferRequest, Transferred } from './stage-store';

let transferModule: Promise<typeof import('@cat-actions/transfer')> | undefined;

/**
 * The transfer code, loaded with the first transfer: a stage starts without it (issue 14: loading
 * it before the secret and the dataset check delayed every stage's start). Its heap bound starts
 * with it, before anything is moved, and stays for the rest of the process.
 */
export function loadTransfer(): Promise<typeof import('@cat-actions/transfer')> {
  transferModule ??= import('@cat-actions/transfer').then((transfer) => {
    transfer.boundHeap();
    return transfer;
  });
  return transferModule;
}

/** Runs a transfer with a progress line every few seconds and the totals at the end. */
async function withProgress<T>(
  label: string,
  print: (line: string) => void,
  transfer: (onProgress: ProgressListener) => Promise<T>,
): Promise<T> {
  const { ProgressReporter } = await loadTransfer();
  const reporter = new ProgressReporter({ label, print }).start();
  try {
    const result = await transfer(reporter.listener);
    reporter.finish();
    return result;
  } catch (error) {
    // A failed transfer is not "done": stop the progress lines and let the error speak.
    reporter.stop();
    throw error;
  }
}

/** StageStore on S3 and Secrets Manager, through the SDK's own endpoint and credential settings. */
export class S3StageStore implements StageStore {
  // Transfers and readSecretJson retry themselves: the SDK's own retries would multiply theirs.
  private readonly clients = new AwsClients({ maxAttempts: 1 });

  constructor(private readonly bucket: string) {}

  async readSecret(secretName: string): Promise<Record<string, string>> {
    return readSecretJson(await this.clients.secretsManager(), secretName);
  }

  async datasetExists(tenant: string, dataset: string): Promise<boolean> {
    const prefix = datasetPrefix(tenant, dataset);
    const { folders, files } = await listFolder(await this.clients.s3(), this.bucket, prefix);
    return folders.length + files.length > 0;
  }

  async findDataset(tenant: string, dataset: string, require: string[]): Promise<FoundDataset> {
    const found = await latestDataset(await this.clients.s3(), {
      bucket: this.bucket,
      tenant,
      dataset,
      require,
      strict: false,
    });
    const state = (part: PartReport): PartState =>
      isUsablePart(part, false) ? (part.state as PartState) : 'incomplete';
    return { name: found.dataset, parts: new Map(found.parts.map((p) => [p.name, state(p)])) };
  }

  async downloadPart(tenant: string, dataset: string, part: string, request: TransferRequest) {
    const client = await this.clients.s3();
    const { downloadPart } = await loadTransfer();
    return withProgress(`download ${part}`, request.print, (onProgress) =>
      downloadPart({
        client,
        bucket: this.bucket,
        prefix: partPrefix(tenant, dataset, part),
        localDir: request.localDir,
        concurrency: request.concurrency,
        onProgress,
      }),
    );
  }

  async uploadPart(
    tenant: string,
    dataset: string,
    part: string,
    request: TransferRequest,
  ): Promise<Transferred> {
    const client = await this.clients.s3();
    const { uploadPart } = await loadTransfer();
    const { files, bytes } = await withProgress(`upload ${part}`, request.print, (onProgress) =>
      uploadPart({
        client,
        bucket: this.bucket,
        prefix: partPrefix(tenant, dataset, part),
        localDir: request.localDir,
        identity: { tenant, dataset, part },
        concurrency: request.concurrency,
        onProgress,
        onSkippedLinks: request.onSkippedLinks,
      }),
    );
    return { files, bytes };
  }

  async uploadFolder(prefix: string, request: TransferRequest): Promise<Transferred> {
    const client = await this.clients.s3();
    const { uploadTree } = await loadTransfer();
    return withProgress(`upload ${prefix}`, request.print, (onProgress) =>
      uploadTree({
        client,
        bucket: this.bucket,
        prefix,
        localDir: request.localDir,
        concurrency: request.concurrency,
        onProgress,
        onSkippedLinks: request.onSkippedLinks,
      }),
    );
  }

  /** Closes the clients' sockets so the step ends at once. */
  destroy(): Promise<void> {
    return this.clients.destroy();
  }
}
