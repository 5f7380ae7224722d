/**
 * Parallel, streamed, checksummed S3 transfers of dataset parts with manifests. Every function
 * takes the caller's client (`S3Target`: the actions' S3 client, an SDK S3Client, or the object
 * calls themselves): credentials, endpoint and region are the caller's business. With the
 * actions' client and credentials in the environment, no SDK code is loaded (object-store.ts).
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
export { listAllKeys, listKeyPages, type ListedObject } from './listing';
export type { S3Target } from './object-store';
export { putText, putPieces, getText, getTextIfAny, deleteKey, deleteKeys } from './objects';
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
  listLocalTree,
  relativePathOfKey,
  localPathFor,
  type LocalFile,
  type LocalTree,
  type SkippedLink,
} from './local-tree';
export { boundHeap, limitYoungGenerationGrowth, type HeapBound } from './heap';
