/**
 * The local services the demo runs against. Each one is started through a starter that returns how
 * to reach it and how to stop it; one that cannot start (a missing system package, a part of the
 * project that has not landed yet) is recorded with the reason, and the demo goes on without it.
 * `stopAll` stops what started, last first, and is safe to call twice (exit, Ctrl-C, failure).
 */
import path from 'node:path';

export interface RunningService {
  name: string;
  /** Where it listens, for the "where everything is" list and `--keep`. */
  endpoint: string;
  /** `tool`: a program found on this machine rather than a server (nothing listens). */
  kind?: 'tool';
  /** Its process, when it runs in one of its own. */
  pid?: number;
  /** Environment a step needs to use it (PATH goes in pathDirs). */
  env: Record<string, string>;
  /** Folders of stand-in programs the steps need first on their PATH. */
  pathDirs?: string[];
  /** What it served so far, in a few words (e.g. `3 AssumeRole`), for the end report. */
  activity?: () => string;
  /** Extra facts worth printing (data directory, user, ...). */
  details?: Record<string, string>;
  stop(): Promise<void>;
}

export interface UnavailableService {
  name: string;
  reason: string;
  /** The command that installs what is missing, when it is a system package. */
  install?: string;
}

/** Thrown by a starter when the service cannot run here; `install` says how to fix it. */
export class ServiceUnavailable extends Error {
  constructor(
    message: string,
    readonly install?: string,
  ) {
    super(message);
  }
}

export class ServiceSet {
  readonly running: RunningService[] = [];
  readonly unavailable: UnavailableService[] = [];
  private stopping: Promise<void> | undefined;

  get(name: string): RunningService | undefined {
    return this.running.find((s) => s.name === name);
  }

  /** Starts a service; returns it, or undefined when it is unavailable (recorded with the reason). */
  async start(
    name: string,
    starter: () => Promise<RunningService>,
  ): Promise<RunningService | undefined> {
    if (this.stopping) return undefined;
    try {
      const service = await starter();
      this.running.push(service);
      // Stopping began while it started (Ctrl-C): stop it too.
      if (this.stopping) await service.stop().catch(() => undefined);
      return service;
    } catch (error) {
      const err = error as Error & { install?: string };
      this.unavailable.push({ name, reason: err.message, install: err.install });
      return undefined;
    }
  }

  markUnavailable(name: string, reason: string, install?: string): void {
    this.unavailable.push({ name, reason, install });
  }

  /** Environment of every running service, merged, with their stand-in folders first on PATH. */
  env(basePath = process.env.PATH ?? ''): Record<string, string> {
    const dirs = this.running.flatMap((s) => s.pathDirs ?? []);
    const env: Record<string, string> = Object.assign({}, ...this.running.map((s) => s.env));
    if (dirs.length) env.PATH = [...dirs, basePath].join(path.delimiter);
    return env;
  }

  stopAll(timeoutMs = 10_000): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of [...this.running].reverse()) {
        await Promise.race([
          service.stop().catch(() => undefined),
          new Promise((r) => setTimeout(r, timeoutMs).unref()),
        ]);
      }
    })();
    return this.stopping;
  }
}
