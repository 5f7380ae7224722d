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

export const DEFAULT_TUNING: TransferTuning = {
  smallFileBytes: 1 * MiB,
  multipartThresholdBytes: 100 * MiB,
  partSizeBytes: 8 * MiB,
  queueSize: 4,
  multipartLanes: 2,
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
