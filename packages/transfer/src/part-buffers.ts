/**
 * Buffers reused across the files of a transfer (multipart parts, whole small files), so files cost a fixed amount of
 * memory and make no garbage. Callers bound how many are out at once (lanes * queueSize).
 */
export class PartBufferPool {
  private readonly free: Buffer[] = [];

  /** A buffer of at least `size` bytes (contents are stale: overwrite before use). */
  take(size: number): Buffer {
    const index = this.free.findIndex((b) => b.length >= size);
    if (index >= 0) return this.free.splice(index, 1)[0];
    return Buffer.allocUnsafeSlow(size);
  }

  give(buffer: Buffer): void {
    this.free.push(buffer);
  }
}
