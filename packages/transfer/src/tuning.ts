import { TRANSFER_RETRY, type TransferRetry } from './retry';

const MiB = 1024 * 1024;

/**
 * Knobs that bound memory and request counts. Memory is roughly
 *   concurrency * smallFileBytes  (small files are read whole: one read, replayable on retry)
 * + multipartLanes * queueSize * partSize  (reused part buffers)
 * + stream buffers (64 KiB per file in flight), whatever the file sizes.
 */
export interface TransferTuning {
  /** Files up to this size are read into memory in one read and sent with one PUT. */
  smallFileBytes: number;
  /** Files from this size are sent as multipart uploads; between, one streamed PUT. */
  multipartThresholdBytes: number;
  partSizeBytes: number;
  /** Parts of one multipart upload in flight at once. */
  queueSize: number;
  /** Multipart uploads in flight at once (each buffers (queueSize + 1) parts). */
  multipartLanes: number;
  retry: TransferRetry;
}

/**
 * Sized for a peak RSS under 100 MiB whatever the dataset (issue 14): run-stage with the S3 client
 * loaded sits near 72 MiB, which leaves ~25 MiB. Multipart: one lane, 3 parts of 5 MiB (S3's
 * minimum) in flight and one being read = 20 MiB of reused buffers (the part size grows for
 * files over 48 GiB, to stay within 10,000 parts); small files: 16 concurrent reads of at most
 * 256 KiB.
 */
export const DEFAULT_TUNING: TransferTuning = {
  smallFileBytes: 256 * 1024,
  multipartThresholdBytes: 100 * MiB,
  partSizeBytes: 5 * MiB,
  queueSize: 3,
  multipartLanes: 1,
  retry: TRANSFER_RETRY,
};

export const MAX_CONCURRENCY = 64;

export function resolveTuning(overrides: Partial<TransferTuning> | undefined): TransferTuning {
  return { ...DEFAULT_TUNING, ...overrides };
}

/** Concurrency as a positive integer within bounds (an action input may say anything). */
export function boundConcurrency(concurrency: number): number {
  if (!Number.isFinite(concurrency) || concurrency < 1) return 1;
  return Math.min(MAX_CONCURRENCY, Math.floor(concurrency));
}
