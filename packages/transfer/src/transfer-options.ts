import type { S3Client } from '@aws-sdk/client-s3';
import type { ProgressListener } from './progress';
import type { TransferTuning } from './tuning';

/** What every transfer between a local folder and a key prefix is given. */
export interface FolderTransferOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix ending with `/`, e.g. `cat-be/datasets/<dataset>/2b/`. */
  prefix: string;
  localDir: string;
  /** Files in flight at once (1 to 64). */
  concurrency: number;
  onProgress?: ProgressListener;
  /** Aborting stops the transfer; a part upload then stays incomplete. */
  signal?: AbortSignal;
  tuning?: Partial<TransferTuning>;
}
