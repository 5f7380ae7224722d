/**
 * An embedded PostgreSQL where no system one exists: PGlite (real PostgreSQL compiled to
 * WebAssembly, from npm) served over TCP by pglite-socket, in a child process, so any PostgreSQL
 * client (`pg`, the psql stand-in, psql itself) reaches it at 127.0.0.1:<port>.
 *
 * What differs from a PostgreSQL server, and why it does not matter for the pipeline:
 * - one database and one session underneath: the user and database a client names are accepted
 *   and not checked (every client is `postgres` in `postgres`); a transaction keeps the session
 *   to itself until it ends, so concurrent clients' transactions do not interleave;
 * - `COPY ... FROM STDIN` is not served over the socket: the psql stand-in loads `\copy` with
 *   INSERTs instead.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LocalPostgres } from './postgres';
import { stopChild } from './processes';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface EmbeddedPostgresOptions {
  /** Keep the database files there (default: a temp folder, removed on stop). */
  dataDir?: string;
  /** Concurrent client connections (default 16). */
  maxConnections?: number;
  /** Give up when it has not listened after this long (default 60 s: WASM start-up on a busy machine). */
  startTimeoutMs?: number;
}

/** The installed version of a package (its package.json may not be exported): `0.5.14`. */
function packageVersion(name: string): string {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve(name));
    for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (json.name === name) return json.version;
    }
  } catch {
    // not resolvable from here: say so below
  }
  return '?';
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<LocalPostgres & { pid?: number }> {
  const dir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'cat-pglite-'));
  const child = spawn(
    process.execPath,
    [path.join(here, 'pglite-server.mjs'), dir, String(options.maxConnections ?? 16)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const removeData = () => {
    if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
  };
  let started: { port: number; version: string };
  try {
    started = await readStart(child, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stopChild(child);
    removeData();
    throw error;
  }
  const versions = `pglite ${packageVersion('@electric-sql/pglite')}, pglite-socket ${packageVersion('@electric-sql/pglite-socket')}`;
  return {
    port: started.port,
    user: 'postgres',
    pid: child.pid,
    description: `embedded PostgreSQL ${started.version} (PGlite, WebAssembly; ${versions})`,
    async stop() {
      await stopChild(child);
      removeData();
    },
  };
}

function readStart(
  child: ReturnType<typeof spawn>,
  timeoutMs: number,
): Promise<{ port: number; version: string }> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(
      () => reject(new Error(`PGlite did not listen within ${timeoutMs / 1000} s: ${stderr}`)),
      timeoutMs,
    );
    timer.unref();
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PGlite exited (${code}) before listening: ${stderr.trim()}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { port: number; version: string });
    });
  });
}
