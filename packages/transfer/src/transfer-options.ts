import type { SkippedLink } from './local-tree';
import type { S3Target } from './object-store';
import type { ProgressListener } from './progress';
import type { TransferTuning } from './tuning';

/** What every transfer between a local folder and a key prefix is given. */
export interface FolderTransferOptions {
  /** The actions' S3 client, an SDK S3Client, or object calls (see object-store.ts). */
  client: S3Target;
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
  /**
   * Uploads: told the symbolic links the folder's walk leaves out (see listLocalTree), when there
   * are any, before anything is sent. The caller warns about them without a walk of its own.
   */
  onSkippedLinks?: (links: readonly SkippedLink[]) => void;
}
