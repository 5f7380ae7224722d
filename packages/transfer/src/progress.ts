import { formatBytes } from '@cat-actions/core';

/** How far a transfer has got; handed to `onProgress` as bytes flow and files complete. */
export interface TransferProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export type ProgressListener = (progress: TransferProgress) => void;

/** Bytes between two notifications while a file streams: a listener per 64 KiB chunk costs. */
const NOTIFY_EVERY_BYTES = 1024 * 1024;

/**
 * Counts a transfer's progress and tells the listener (each file done, and every MiB between);
 * a retried file's bytes are taken back.
 */
export class ProgressCounter {
  readonly state: TransferProgress;
  private unreported = 0;
  constructor(
    filesTotal: number,
    bytesTotal: number,
    private readonly listener?: ProgressListener,
  ) {
    this.state = { filesDone: 0, filesTotal, bytesDone: 0, bytesTotal };
    listener?.({ ...this.state });
  }
  bytes(n: number): void {
    this.state.bytesDone += n;
    this.unreported += Math.abs(n);
    if (this.unreported >= NOTIFY_EVERY_BYTES) this.notify();
  }
  fileDone(): void {
    this.state.filesDone++;
    this.notify();
  }
  private notify(): void {
    this.unreported = 0;
    this.listener?.({ ...this.state });
  }
}

/**
 * Runs one attempt of a file's transfer with its bytes counted into `onBytes` as they move; a
 * failed attempt takes its bytes back (the retry counts them again).
 */
export async function countedAttempt<T>(
  onBytes: ((n: number) => void) | undefined,
  attempt: (count: (n: number) => void) => Promise<T>,
): Promise<T> {
  let moved = 0;
  try {
    return await attempt((n) => {
      moved += n;
      onBytes?.(n);
    });
  } catch (error) {
    onBytes?.(-moved);
    throw error;
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export interface ProgressReporterOptions {
  /** What is moving, e.g. `upload 2b`. */
  label: string;
  /** Where lines go (the action passes `core.info`). */
  print: (line: string) => void;
  /** How often `start()` prints a line. */
  intervalMs?: number;
  /** Milliseconds clock, replaceable in tests. */
  now?: () => number;
}

/**
 * Prints a progress line every few seconds while a transfer runs (files, bytes, throughput,
 * ETA) and the totals when it ends. Pass `reporter.listener` as the transfer's `onProgress`.
 */
export class ProgressReporter {
  private latest: TransferProgress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  private readonly now: () => number;
  private readonly startedAt: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: ProgressReporterOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  readonly listener: ProgressListener = (progress) => {
    this.latest = progress;
  };

  start(): this {
    this.timer ??= setInterval(
      () => this.options.print(this.line()),
      this.options.intervalMs ?? 5000,
    );
    this.timer.unref?.();
    return this;
  }

  elapsedSeconds(): number {
    return (this.now() - this.startedAt) / 1000;
  }

  /** Bytes per second since the start. */
  throughput(): number {
    const seconds = this.elapsedSeconds();
    return seconds > 0 ? this.latest.bytesDone / seconds : 0;
  }

  line(): string {
    const p = this.latest;
    const rate = this.throughput();
    const percent = p.bytesTotal > 0 ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 100;
    const eta =
      rate > 0 && p.bytesTotal > p.bytesDone
        ? `, ETA ${formatDuration((p.bytesTotal - p.bytesDone) / rate)}`
        : '';
    return (
      `${this.options.label}: ${p.filesDone}/${p.filesTotal} files, ` +
      `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)} (${percent}%), ` +
      `${formatBytes(rate)}/s${eta}`
    );
  }

  /** Stops the timer and prints (and returns) the totals line. */
  finish(): string {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const p = this.latest;
    const line =
      `${this.options.label}: done, ${p.filesDone} files, ${formatBytes(p.bytesDone)} in ` +
      `${formatDuration(this.elapsedSeconds())} (${formatBytes(this.throughput())}/s)`;
    this.options.print(line);
    return line;
  }

  /** Stops the timer without printing totals (the transfer failed). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
