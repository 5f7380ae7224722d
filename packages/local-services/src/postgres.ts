/**
 * The system's PostgreSQL (Debian's `postgresql`, any version found): a fresh cluster in a temp
 * dir, on 127.0.0.1 at a free port, with trust authentication so clients connect as postgres
 * without a password. As root it runs as the postgres user (initdb and postgres refuse root).
 * Where no system PostgreSQL exists, embedded-postgres.ts serves PGlite instead.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes';
import { findProgram, NEEDS, programVersion, requirePrograms } from './system-tools';

const run = promisify(execFile);

export interface LocalPostgres {
  port: number;
  user: string;
  /** `system PostgreSQL 15.18 (/usr/lib/postgresql/15/bin)` or `embedded PGlite ...`. */
  description: string;
  stop(): Promise<void>;
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) {
    throw new Error(
      'No postgres user to run the system PostgreSQL as: install it with apt-get install -y postgresql',
    );
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const asRoot = process.getuid?.() === 0;

/** As root, through runuser as the postgres user; otherwise as this user. */
const asPostgres = (command: string, args: string[]) =>
  asRoot
    ? run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout: 60_000 })
    : run(command, args, { timeout: 60_000 });

/** Whether this machine has a system PostgreSQL server (initdb and pg_ctl). */
export function hasSystemPostgres(): boolean {
  return !!findProgram('initdb') && !!findProgram('pg_ctl');
}

export async function startPostgres(): Promise<LocalPostgres> {
  requirePrograms([NEEDS.initdb, NEEDS.pgCtl], 'a system PostgreSQL server is needed here');
  const initdb = findProgram('initdb')!;
  const pgCtl = findProgram('pg_ctl')!;
  const owner = asRoot ? postgresIds() : undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-pg-'));
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sockets');
  mkdirSync(data);
  mkdirSync(sockets);
  if (owner) for (const d of [dir, data, sockets]) chownSync(d, owner.uid, owner.gid);
  const log = path.join(dir, 'postgres.log');
  const port = await freePort();
  try {
    await asPostgres(initdb, ['--no-sync', '--auth=trust', '--username=postgres', '-D', data]);
    await asPostgres(pgCtl, [
      '-D',
      data,
      '-l',
      log,
      '-w',
      '-t',
      '30',
      '-o',
      `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${sockets} -c fsync=off`,
      'start',
    ]);
  } catch (error) {
    // Say why (the server's own log), and leave no cluster behind.
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    // A server that came up too slowly for -w is still running: stop it before its folder goes.
    await asPostgres(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${serverLog}`);
  }
  const version = (await programVersion(pgCtl))?.replace(/^pg_ctl\s*/, '') ?? 'PostgreSQL';
  return {
    port,
    user: 'postgres',
    description: `system ${version} (${path.dirname(pgCtl)})`,
    async stop() {
      await asPostgres(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
