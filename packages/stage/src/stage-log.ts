import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { TimeoutError, s3Uri } from '@cat-actions/core';
import type { StageStore } from './stage-store';

/**
 * The stage's output, already redacted, written to a temp folder as it comes (memory stays flat
 * however long the stage talks), named as its S3 key's last segment so the folder can be
 * uploaded under the key's prefix as it is. See stageLogKey in packages/core for the layout.
 */
export class StageLog {
  readonly folder: string;
  readonly file: string;
  private fd: number | undefined;

  constructor(
    tempDir: string,
    readonly key: string,
  ) {
    this.folder = mkdtempSync(path.join(tempDir, 'cat-stage-log-'));
    this.file = path.join(this.folder, path.posix.basename(key));
    this.fd = openSync(this.file, 'w');
  }

  /** The S3 prefix to upload `folder` under so that the file lands at `key`. */
  static prefixOf(key: string): string {
    return `${path.posix.dirname(key)}/`;
  }

  /** Why writing stopped (a full disk), if it did: the stage runs on, the log ends there. */
  writeError: Error | undefined;

  write(line: string): void {
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, `${line}\n`);
    } catch (error) {
      // Thrown from an output listener this would end the action and orphan the stage: the
      // stage matters more than its copy of the log.
      this.writeError = error as Error;
      this.close();
    }
  }

  close(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // nothing left to lose
      }
    }
    this.fd = undefined;
  }
}

/** Where a stored log is announced, or why it could not be stored. */
export interface LogHost {
  info(line: string): void;
  warning(message: string): void;
}

/**
 * Stores the (closed) stage log at its key, within a bounded time. A log that cannot be stored
 * is a warning, never the step's failure: a failed stage keeps its own exit code and message,
 * and a successful one has published its data already. Resolves to its S3 URI when stored.
 */
export async function storeStageLog(
  store: StageStore,
  host: LogHost,
  log: StageLog,
  bucket: string,
  boundMs: number,
): Promise<string | undefined> {
  const uri = s3Uri(bucket, log.key);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.uploadFolder(StageLog.prefixOf(log.key), {
        localDir: log.folder,
        concurrency: 1,
        print: () => {},
      }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new TimeoutError(`no answer within ${boundMs / 1000} s`)),
          boundMs,
        );
      }),
    ]);
    host.info(`Stage log: ${uri}`);
    return uri;
  } catch (error) {
    host.warning(`The stage log could not be stored at ${uri}: ${(error as Error).message}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
