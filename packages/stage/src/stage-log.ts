import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * The stage's output, already redacted, written to a temp folder as it comes (memory stays flat
 * however long the stage talks), named as its S3 key's last segment so the folder can be
 * uploaded under the key's prefix as it is. See stageLogKey in packages/core for the layout.
 */
export class StageLog {
  readonly folder: string;
  readonly file: string;
  private fd: number | undefined;

  constructor(tempDir: string, key: string) {
    this.folder = mkdtempSync(path.join(tempDir, 'cat-stage-log-'));
    this.file = path.join(this.folder, path.posix.basename(key));
    this.fd = openSync(this.file, 'w');
  }

  /** The S3 prefix to upload `folder` under so that the file lands at `key`. */
  static prefixOf(key: string): string {
    return `${path.posix.dirname(key)}/`;
  }

  write(line: string): void {
    if (this.fd !== undefined) writeSync(this.fd, `${line}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
