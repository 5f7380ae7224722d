import type { PartState } from '@cat-actions/core';
import type { SkippedLink } from '@cat-actions/transfer';

export type { SkippedLink };

export interface FoundDataset {
  name: string;
  /** The parts inspected: complete, legacy (no manifest, written before them) or not usable. */
  parts: Map<string, PartState>;
}

/** What a transfer moved. */
export interface Transferred {
  files: number;
  bytes: number;
}

export interface TransferRequest {
  localDir: string;
  concurrency: number;
  /** Prints progress lines while the transfer runs. */
  print: (line: string) => void;
  /** Uploads: told the symbolic links left out of the folder, before anything is sent. */
  onSkippedLinks?: (links: readonly SkippedLink[]) => void;
}

/**
 * Everything run-stage needs from AWS, in the domain's words. The S3 implementation is
 * S3StageStore; the orchestration depends on this alone, so it reads as the pipeline it is.
 */
export interface StageStore {
  /** The tenant secret's entries (a JSON object's keys and values as text). */
  readSecret(secretName: string): Promise<Record<string, string>>;
  /** Whether anything exists under `<tenant>/datasets/<dataset>/`. */
  datasetExists(tenant: string, dataset: string): Promise<boolean>;
  /**
   * `LATEST` (the newest dataset whose parts starting with each `require` prefix are complete) or
   * a named dataset checked the same way: the rule latest-dataset applies. NotFoundError if none.
   */
  findDataset(tenant: string, dataset: string, require: string[]): Promise<FoundDataset>;
  downloadPart(
    tenant: string,
    dataset: string,
    part: string,
    request: TransferRequest,
  ): Promise<Transferred & { verified: boolean }>;
  uploadPart(
    tenant: string,
    dataset: string,
    part: string,
    request: TransferRequest,
  ): Promise<Transferred>;
  /** A plain prefix (test results, logs): the folder's files under `prefix`, no manifest. */
  uploadFolder(prefix: string, request: TransferRequest): Promise<Transferred>;
}
