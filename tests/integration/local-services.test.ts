/**
 * packages/local-services: the embedded PostgreSQL answers a real client, the psql stand-in runs
 * what stage scripts use of psql (and refuses the rest), the aws stand-in's s3 sync copies and
 * deletes as `aws s3 sync` does, and services started together leave nothing behind when one fails.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  isAlive,
  MissingSystemPackageError,
  ServicesDidNotStartError,
  standinsDir,
  startEmbeddedPostgres,
  startS3rver,
  startTogether,
  type LocalPostgres,
  type LocalS3,
} from '@cat-actions/local-services';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

const psqlStandin = path.resolve(standinsDir, '../psql/psql');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-local-services-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('embedded PostgreSQL (PGlite over pglite-socket) and the psql stand-in', () => {
  let db: LocalPostgres & { pid?: number };
  beforeAll(async () => {
    db = await startEmbeddedPostgres();
  }, 90_000);
  afterAll(async () => db?.stop());

  const psql = (args: string[], input = '') =>
    spawnSync(process.execPath, [psqlStandin, ...args], {
      input,
      encoding: 'utf8',
      env: { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(db.port), PGUSER: 'postgres' },
    });
  const script = (name: string, text: string) => {
    const file = path.join(scratch, name);
    writeFileSync(file, text);
    return file;
  };

  it('says what it is and answers node-postgres', async () => {
    expect(db.description).toMatch(
      /^embedded PostgreSQL \d+\.\d+ \(PGlite, WebAssembly; pglite 0\.5\.14, pglite-socket 0\.2\.17\)$/,
    );
    const client = new pg.Client({ host: '127.0.0.1', port: db.port, user: 'postgres' });
    await client.connect();
    const { rows } = await client.query('SELECT 6 * 7 AS answer');
    await client.end();
    expect(rows).toEqual([{ answer: 42 }]);
  });

  it('loads CSV from stdin with \\copy (quotes, NULLs, header), \\set, \\gset and \\if, in one transaction', () => {
    const file = script(
      'load.sql',
      `\\set ON_ERROR_STOP on
CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, title text, price int);
BEGIN;
CREATE TEMP TABLE incoming (LIKE items) ON COMMIT DROP;
\\copy incoming FROM pstdin WITH (FORMAT csv, HEADER true)
SELECT :'replace' = 'true' AS replace \\gset
\\if :replace
  TRUNCATE items;
\\else
  DELETE FROM items WHERE id IN (SELECT id FROM incoming);
\\endif
INSERT INTO items SELECT * FROM incoming;
COMMIT;
`,
    );
    const csv = 'id,title,price\n1,"Flat, ""nice""",100\n2,,\n3,"",7\n';
    const load = psql(['--no-psqlrc', '--quiet', '-v', 'replace=false', '-f', file], csv);
    expect([load.status, load.stderr]).toEqual([0, '']);
    const rows = psql([
      '-XAtc',
      "SELECT id, coalesce(title, 'NULL'), coalesce(price, -1) FROM items ORDER BY id",
    ]);
    expect(rows.stdout).toBe('1|Flat, "nice"|100\n2|NULL|-1\n3||7\n');
  });

  it('ends a script at the first error under ON_ERROR_STOP with exit code 3, as psql does', () => {
    const file = script(
      'bad.sql',
      '\\set ON_ERROR_STOP on\nSELECT no_such_column FROM items;\nSELECT 1;\n',
    );
    const run = psql(['-X', '-q', '-f', file]);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/ERROR: .*no_such_column/);
  });

  it('refuses a meta-command it does not run, naming it and the real psql', () => {
    const run = psql([
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-f',
      script('meta.sql', '\\watch 1\n'),
    ]);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/\\watch is not supported by this stand-in.*postgresql-client/);
  });

  it('reports a server it cannot reach with exit code 2', () => {
    const run = spawnSync(
      process.execPath,
      [psqlStandin, '-h', '127.0.0.1', '-p', '1', '-c', 'SELECT 1'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/connection to server at "127\.0\.0\.1", port 1 failed/);
  });
});

describe("the aws stand-in's s3 sync", () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startS3rver(['sync-bucket'], undefined, { asAws: true });
  });
  afterAll(async () => s3?.stop());

  const client = () =>
    new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  const keys = async () => {
    const c = client();
    const page = await c.send(new ListObjectsV2Command({ Bucket: 'sync-bucket', Prefix: 't/' }));
    c.destroy();
    return (page.Contents ?? []).map((o) => o.Key).sort();
  };
  const sync = (folder: string, ...flags: string[]) =>
    spawnSync(
      process.execPath,
      [path.join(standinsDir, 'aws'), 's3', 'sync', folder, 's3://sync-bucket/t', ...flags],
      { encoding: 'utf8', env: { ...process.env, ...s3.env } },
    );

  it('uploads new files, skips unchanged ones, and with --delete removes what has no local file', async () => {
    const folder = path.join(scratch, 'out');
    mkdirSync(path.join(folder, 'sub'), { recursive: true });
    writeFileSync(path.join(folder, 'a.csv'), 'a\n');
    writeFileSync(path.join(folder, 'sub', 'b.json'), '{}');
    const first = sync(folder);
    expect(first.status).toBe(0);
    expect(first.stdout.split('\n').filter(Boolean).sort()).toEqual([
      `upload: ${path.join(folder, 'a.csv')} to s3://sync-bucket/t/a.csv`,
      `upload: ${path.join(folder, 'sub', 'b.json')} to s3://sync-bucket/t/sub/b.json`,
    ]);
    // An older file of the same size is already there: nothing to do.
    utimesSync(path.join(folder, 'a.csv'), new Date('2020-01-01'), new Date('2020-01-01'));
    rmSync(path.join(folder, 'sub'), { recursive: true });
    writeFileSync(path.join(folder, 'c.txt'), 'c');
    const second = sync(folder, '--delete');
    expect(second.stdout.split('\n').filter(Boolean)).toEqual([
      `upload: ${path.join(folder, 'c.txt')} to s3://sync-bucket/t/c.txt`,
      'delete: s3://sync-bucket/t/sub/b.json',
    ]);
    expect(await keys()).toEqual(['t/a.csv', 't/c.txt']);
    const c = client();
    const body = await c.send(new GetObjectCommand({ Bucket: 'sync-bucket', Key: 't/c.txt' }));
    expect(await body.Body!.transformToString()).toBe('c');
    c.destroy();
    expect(sync(folder, '--only-show-errors').stdout).toBe('');
  });

  it('refuses an option it does not know, as a fatal error', () => {
    const run = sync(scratch, '--exclude', '*.tmp');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unsupported option --exclude/);
  });
});

describe('services started together', () => {
  it('stop the ones that started when another cannot, and say why', async () => {
    let s3: LocalS3 | undefined;
    const error = await startTogether([
      async () => (s3 = await startS3rver(['x'])),
      async () => {
        throw new MissingSystemPackageError(
          [{ program: 'sshd', aptPackage: 'openssh-server' }],
          'a test',
        );
      },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServicesDidNotStartError);
    expect((error as Error).message).toMatch(
      /sshd not found on PATH .*a test\. Install the Debian package\(s\) with: (sudo )?apt-get install -y openssh-server/,
    );
    expect(s3?.pid && isAlive(s3.pid)).toBe(false);
    const answers = await new Promise((resolve) => {
      const socket = net.connect(s3!.port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    expect(answers).toBe(false);
  });
});
