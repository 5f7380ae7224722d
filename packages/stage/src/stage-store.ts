import type { PartState } from '@cat-actions/core';

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
  /** Every dataset of the tenant (or only `dataset`) with the state of each of its parts. */
  listDatasets(tenant: string, dataset?: string): Promise<Map<string, Map<string, PartState>>>;
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
