/**
 * Parallel, streamed, checksummed S3 transfers of dataset parts with manifests. Every function
 * takes the caller's `S3Client`: credentials, endpoint and region are the caller's business.
 */
export { uploadPart, uploadTree } from './upload-part';
export type {
  PartIdentity,
  PartUploadOptions,
  PartUploadResult,
  TreeUploadOptions,
  TreeUploadResult,
} from './upload-part';
export { downloadPart, downloadTree } from './download-part';
export type { DownloadResult, PartDownloadOptions, TreeDownloadOptions } from './download-part';
export { listAllKeys, type ListedObject } from './listing';
export { putText, getText, deleteKey, deleteKeys } from './objects';
export {
  ProgressReporter,
  formatDuration,
  type ProgressListener,
  type ProgressReporterOptions,
  type TransferProgress,
} from './progress';
export { TRANSFER_RETRY, type TransferRetry } from './retry';
export type { FolderTransferOptions } from './transfer-options';
export { DEFAULT_TUNING, MAX_CONCURRENCY, type TransferTuning } from './tuning';
export { IncompletePartError, PartIntegrityError } from './errors';
export {
  listLocalFiles,
  listLocalTree,
  relativePathOfKey,
  localPathFor,
  type LocalFile,
  type LocalTree,
  type SkippedLink,
} from './local-tree';
export { boundHeap, limitYoungGenerationGrowth, type HeapBound } from './heap';
