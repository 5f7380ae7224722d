/**
 * What the tunnel needs here: the bastion (a fake EC2 that knows one running `bastion-host-ng`, and
 * stand-in `aws` / `session-manager-plugin` executables that really forward a port, as SSM would),
 * and the database behind it (the system's PostgreSQL, else the embedded one). The reusable workflows open the
 * tunnel in ssm mode, so the demo does too.
 */
import path from 'node:path';
import pg from 'pg';
import {
  hasSystemPostgres,
  installCommand,
  locateProgram,
  NEEDS,
  ssmStandins,
  standinsDir,
  startEmbeddedPostgres,
  startFakeEc2,
  startPostgres,
  type LocalPostgres,
} from '@cat-actions/local-services';
import { ServiceUnavailable, type RunningService } from './services';

export const BASTION = { id: 'i-0de0000000000b001', name: 'bastion-host-ng' };

/**
 * The RDS endpoint as the tenant's repository variable RDS_HOST names it: a name only the bastion's
 * network resolves. The SSM stand-in plays that network and routes it to the local database.
 */
export const RDS_HOST = 'demo-db.cluster-c0demo.eu-west-1.rds.amazonaws.com';

export type BastionService = RunningService;

/**
 * The bastion: a fake EC2 that knows one running bastion-host-ng, and the stand-in aws and
 * session-manager-plugin first on PATH (a runner with the real ones would reach AWS); a session
 * to RDS_HOST:5432 is forwarded to `database` (host:port) when given.
 */
export async function startBastion(database?: {
  host: string;
  port: string;
}): Promise<BastionService> {
  const ec2 = await startFakeEc2([{ ...BASTION, state: 'running' }]);
  const standins = ssmStandins();
  return {
    name: 'bastion',
    endpoint: ec2.endpoint,
    env: {
      AWS_ENDPOINT_URL_EC2: ec2.endpoint,
      SSM_STANDIN_DIR: standins.env.SSM_STANDIN_DIR,
      ...(database
        ? { SSM_STANDIN_ROUTES: `${RDS_HOST}:5432=${database.host}:${database.port}` }
        : {}),
    },
    pathDirs: [standinsDir],
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
  /** Which PostgreSQL ran: the system's, or the embedded PGlite (with versions). */
  description: string;
}

/**
 * The tenant's database as its secret names it: a login role and a database of its own. Every
 * secret value is masked wherever it appears in a log, so neither may be a common word (`postgres`
 * or `demo` would turn into *** all over the demo's output). The demo cluster trusts local
 * connections, so the secret's password is never checked.
 */
export const DEMO_DATABASE = { user: 'demo_loader', database: 'demo_warehouse' };

/** The psql stand-in's folder (node-postgres), put first on the stages' PATH where psql is missing. */
export const psqlStandinDir = path.resolve(standinsDir, '../psql');

async function withClient<T>(
  connection: pg.ClientConfig,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', ...connection });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * PostgreSQL behind the tunnel: the system's when it is installed, else the embedded one (PGlite
 * served over TCP), and says which. The stages load it with psql: the system's, or where there is
 * none, the psql stand-in (node-postgres) first on their PATH, also said.
 */
export async function startDatabase(): Promise<DatabaseService> {
  let server: LocalPostgres | undefined;
  try {
    server = hasSystemPostgres() ? await startPostgres() : await startEmbeddedPostgres();
    const port = String(server.port);
    const { user, database } = DEMO_DATABASE;
    await withClient({ port: server.port, user: server.user, database: 'postgres' }, async (c) => {
      await c.query(`CREATE ROLE ${user} LOGIN`);
      await c.query(`CREATE DATABASE ${database} OWNER ${user}`);
    });
    const psql = await locateProgram('psql');
    const client = psql
      ? `${psql.path} (${psql.version ?? 'version unknown'})`
      : `psql stand-in on node-postgres (${psqlStandinDir}): no psql installed (${installCommand([NEEDS.psql])} for the real one)`;
    return {
      name: 'database',
      endpoint: `postgresql://${user}@127.0.0.1:${port}/${database}`,
      description: server.description,
      host: '127.0.0.1',
      port,
      user,
      database,
      activity: () => `${server!.description}; stages load it with ${client}`,
      env: {},
      pathDirs: psql ? [] : [psqlStandinDir],
      details: {
        server: server.description,
        'stages load it with': client,
        psql: `${psql ? 'psql' : path.join(psqlStandinDir, 'psql')} -h 127.0.0.1 -p ${port} -U ${user} ${database}`,
      },
      stop: () => server!.stop(),
    };
  } catch (error) {
    await server?.stop().catch(() => undefined);
    const message = (error as Error).message;
    throw new ServiceUnavailable(`PostgreSQL did not start: ${message.split('\n')[0]}`);
  }
}

/** Rows in each table (absent tables left out), read with node-postgres, for the end of the demo. */
export async function databaseTables(
  db: DatabaseService,
  tables: string[],
): Promise<{ table: string; rows: number }[]> {
  const found: { table: string; rows: number }[] = [];
  await withClient(
    { port: Number(db.port), user: db.user, database: db.database },
    async (client) => {
      for (const table of tables) {
        try {
          const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
          found.push({ table, rows: rows[0].n });
        } catch {
          // the stage did not create it (it did not run here)
        }
      }
    },
  ).catch(() => undefined);
  return found;
}
