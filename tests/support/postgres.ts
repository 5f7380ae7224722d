/**
 * A real PostgreSQL 15 (Debian's) for tunnel tests: a fresh cluster in a temp dir, owned by the
 * postgres user (initdb and postgres refuse to run as root), on 127.0.0.1 at a free port, with
 * trust authentication so the test connects as postgres without a password.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './sshd';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';

export interface LocalPostgres {
  port: number;
  user: string;
  stop(): Promise<void>;
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) {
    throw new Error('No postgres user: install PostgreSQL with apt-get install -y postgresql');
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const asPostgres = (command: string, args: string[]) =>
  run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout: 60_000 });

export async function startPostgres(): Promise<LocalPostgres> {
  if (!existsSync(path.join(BIN, 'initdb'))) {
    throw new Error(
      `${BIN}/initdb not found: the tunnel tests need PostgreSQL 15. Install it with: apt-get install -y postgresql`,
    );
  }
  const { uid, gid } = postgresIds();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-pg-'));
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sockets');
  mkdirSync(data);
  mkdirSync(sockets);
  for (const d of [dir, data, sockets]) chownSync(d, uid, gid);
  const log = path.join(dir, 'postgres.log');
  const port = await freePort();
  try {
    await asPostgres(path.join(BIN, 'initdb'), [
      '--no-sync',
      '--auth=trust',
      '--username=postgres',
      '-D',
      data,
    ]);
    await asPostgres(path.join(BIN, 'pg_ctl'), [
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
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${serverLog}`);
  }
  return {
    port,
    user: 'postgres',
    async stop() {
      await asPostgres(path.join(BIN, 'pg_ctl'), [
        '-D',
        data,
        '-m',
        'immediate',
        '-w',
        'stop',
      ]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
