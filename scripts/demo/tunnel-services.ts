/**
 * What the tunnel needs here: the bastion (a fake EC2 that knows one running `bastion-host-ng`, and
 * stand-in `aws` / `session-manager-plugin` executables that really forward a port, as SSM would),
 * and the database behind it (a real PostgreSQL when installed). The reusable workflows open the
 * tunnel in ssm mode, so the demo does too.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startFakeEc2 } from '@cat-actions/local-services';
import { startPostgres, type LocalPostgres } from '@cat-actions/local-services';
import { ssmStandins } from '@cat-actions/local-services';
import { ServiceUnavailable, type RunningService } from './services';
import { findProgram, installCommand, missing, NEEDS } from '@cat-actions/local-services';

const run = promisify(execFile);

export const BASTION = { id: 'i-0de0000000000b001', name: 'bastion-host-ng' };

export interface BastionService extends RunningService {
  /** PATH with the stand-ins first, for the tunnel step only (the stages keep the real aws). */
  tunnelEnv: Record<string, string>;
}

export async function startBastion(): Promise<BastionService> {
  const ec2 = await startFakeEc2([{ ...BASTION, state: 'running' }]);
  const standins = ssmStandins();
  return {
    name: 'bastion',
    endpoint: ec2.endpoint,
    env: { AWS_ENDPOINT_URL_EC2: ec2.endpoint },
    tunnelEnv: standins.env,
    activity: () =>
      `${ec2.requests.length} DescribeInstances, ${standins.pluginPids().length} SSM session(s)`,
    details: {
      instance: `${BASTION.id} (Name=${BASTION.name}, running)`,
      'ssm stand-ins': standins.dir,
    },
    stop: async () => {
      await ec2.stop();
      standins.remove();
    },
  };
}

export interface DatabaseService extends RunningService {
  host: string;
  port: string;
  user: string;
  database: string;
}

/**
 * The tenant's database as its secret names it: a login role and a database of its own. Every
 * secret value is masked wherever it appears in a log, so neither may be a common word (`postgres`
 * or `demo` would turn into *** all over the demo's output). The demo cluster trusts local
 * connections, so the secret's password is never checked.
 */
export const DEMO_DATABASE = { user: 'demo_loader', database: 'demo_warehouse' };

export async function startDatabase(): Promise<DatabaseService> {
  const lacking = missing([NEEDS.initdb, NEEDS.pgCtl, NEEDS.psql]);
  if (lacking.length) {
    throw new ServiceUnavailable(
      `PostgreSQL is not installed (${lacking.map((n) => n.program).join(', ')} not found)`,
      installCommand(lacking),
    );
  }
  let pg: LocalPostgres | undefined;
  try {
    pg = await startPostgres();
    const admin = ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.user, '-d', 'postgres'];
    const { user, database } = DEMO_DATABASE;
    for (const sql of [`CREATE ROLE ${user} LOGIN`, `CREATE DATABASE ${database} OWNER ${user}`]) {
      await run(findProgram('psql')!, [...admin, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
    }
    const port = String(pg.port);
    return {
      name: 'database',
      endpoint: `postgresql://${user}@127.0.0.1:${port}/${database}`,
      host: '127.0.0.1',
      port,
      user,
      database,
      env: {},
      details: { psql: `psql -h 127.0.0.1 -p ${port} -U ${user} ${database}` },
      stop: () => pg!.stop(),
    };
  } catch (error) {
    await pg?.stop().catch(() => undefined);
    const message = (error as Error).message;
    throw new ServiceUnavailable(
      `PostgreSQL did not start: ${message.split('\n')[0]}`,
      /install/i.test(message) ? installCommand([NEEDS.initdb]) : undefined,
    );
  }
}

/** Rows in each table (absent tables left out), read with psql, for the end of the demo. */
export async function databaseTables(
  db: DatabaseService,
  tables: string[],
): Promise<{ table: string; rows: number }[]> {
  const psql = findProgram('psql');
  if (!psql) return [];
  const found: { table: string; rows: number }[] = [];
  for (const table of tables) {
    const args = ['-h', db.host, '-p', db.port, '-U', db.user, '-d', db.database, '-XAtc'];
    try {
      const { stdout } = await run(psql, [...args, `SELECT count(*) FROM ${table}`]);
      found.push({ table, rows: Number(stdout.trim()) });
    } catch {
      // the stage did not create it (it did not run here)
    }
  }
  return found;
}
