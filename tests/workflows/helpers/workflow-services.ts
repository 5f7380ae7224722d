/**
 * The local parts a reusable workflow's jobs reach, started together for the run-workflows tests:
 * S3 (s3rver as AWS would behave: it accepts the credentials the fake STS issues), the fake STS and
 * Secrets Manager with the tenant's secret, a Slack receiver, and on request the bastion (fake EC2
 * and the SSM stand-ins on PATH) with a real PostgreSQL behind it.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startFakeAws, type FakeAws } from '../../support/fake-aws';
import { startS3rver } from '../../support/s3rver';
import { startFakeEc2 } from '../../support/fake-ec2';
import { startPostgres } from '../../support/postgres';
import { startSlackReceiver, type SlackReceiver } from '../../support/slack-receiver';
import { ssmStandins, standinsDir } from '../../support/ssm-standins';
import { startTogether } from '../../../packages/local-services/src/service-group';
import { removeScratch, scratchDir } from './example-tenant';

export const BUCKET = 'cat-data-demo';
export const SECRET_VALUE = 'sk-demo-never-printed-9f8e7d';
export const RUN_LINK = 'https://github.com/acme/tenant-demo/actions/runs/4242/attempts/1';
/** The tenant's database as its secret names it (not `postgres`, and not the tenant's name:
 * secret values are masked in every log line). */
export const DATABASE = { user: 'demo_loader', name: 'demo_db' };

/** What the example callers pass every reusable workflow, for DEMO-DEV here. */
export const TENANT_INPUTS = {
  project: 'DEMO-DEV',
  environment: 'DEV',
  'bucket-prefix': 'cat-data',
  'dev-role-arn': 'arn:aws:iam::000000000000:role/cat-demo-dev',
  'prod-role-arn': 'arn:aws:iam::000000000000:role/cat-demo-prod',
};

export interface WorkflowServices {
  env: Record<string, string>;
  secrets: Record<string, string>;
  slack: SlackReceiver;
  aws: FakeAws;
  database?: { host: string; port: string; query(sql: string): string };
  keys(prefix: string): Promise<string[]>;
  text(key: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startWorkflowServices(
  options: { bastion?: boolean } = {},
): Promise<WorkflowServices> {
  // What cannot start here fails before anything starts, naming the Debian package.
  if (options.bastion) {
    for (const [file, pkg] of [
      ['/usr/bin/aws', 'awscli'],
      ['/usr/bin/psql', 'postgresql-client'],
    ]) {
      if (!existsSync(file))
        throw new Error(
          `${file} not found: install the Debian package ${pkg} (.ci/install-packages)`,
        );
    }
  }
  const stops: (() => Promise<unknown> | void)[] = [];
  const stopAll = () =>
    Promise.all(stops.reverse().map((stop) => Promise.resolve(stop()).catch(() => undefined)));
  // Together: when one cannot start, the others are stopped before the error goes up.
  const [s3, aws, slack] = await startTogether([
    () => startS3rver([BUCKET], scratchDir('cat-s3-'), { asAws: true }),
    () =>
      startFakeAws({
        accountId: '000000000000',
        secrets: {
          'demo-scraper-secrets': {
            DEMO_API_KEY: SECRET_VALUE,
            DB_USER: DATABASE.user,
            DB_NAME: DATABASE.name,
          },
        },
      }),
    startSlackReceiver,
  ]);
  stops.push(
    () => s3.stop(),
    () => aws.stop(),
    () => slack.close(),
  );
  const env: Record<string, string> = {
    ...s3.env, // also the source credentials assume-role starts from
    ...aws.env,
    // The system's python3 first: a version manager's shim costs ~0.3 s per start.
    PATH: `/usr/bin:/bin:${process.env.PATH ?? ''}`,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'acme/tenant-demo',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
  };
  let database: WorkflowServices['database'];
  if (options.bastion) {
    const [ec2, pg] = await startTogether([
      () =>
        startFakeEc2([{ id: 'i-0de0000000000b001', name: 'bastion-host-ng', state: 'running' }]),
      startPostgres,
    ]).catch(async (error) => {
      await stopAll();
      throw error;
    });
    const standins = ssmStandins();
    stops.push(
      () => ec2.stop(),
      () => pg.stop(),
      () => standins.remove(),
    );
    const psql = (sql: string, db = 'postgres', user = pg.user) =>
      execFileSync(
        '/usr/bin/psql',
        ['-h', '127.0.0.1', '-p', String(pg.port), '-U', user, '-d', db, '-XAtc', sql],
        {
          encoding: 'utf8',
        },
      ).trim();
    try {
      psql(`CREATE ROLE ${DATABASE.user} LOGIN`);
      psql(`CREATE DATABASE ${DATABASE.name} OWNER ${DATABASE.user}`);
    } catch (error) {
      await stopAll();
      throw error;
    }
    database = {
      host: '127.0.0.1',
      port: String(pg.port),
      query: (sql) => psql(sql, DATABASE.name, DATABASE.user),
    };
    Object.assign(env, {
      ...standins.env,
      // The stand-in `aws` answers `aws ssm ...` for the tunnel; the sync copies with the real one.
      PATH: `${standinsDir}:/usr/bin:/bin:${process.env.PATH ?? ''}`,
      AWS_CLI: '/usr/bin/aws',
      AWS_ENDPOINT_URL_EC2: ec2.endpoint,
    });
  }
  const client = new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    env,
    secrets: { SLACK_WEBHOOK_URL: slack.webhookUrl },
    slack,
    aws,
    database,
    async keys(prefix) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
      return (page.Contents ?? []).map((o) => o.Key!.slice(prefix.length)).sort();
    },
    async text(key) {
      return (
        await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
      ).Body!.transformToString();
    },
    async stop() {
      client.destroy();
      await stopAll();
    },
  };
}

/** Starts the services before a test file's tests and stops them after; call at the top level. */
export function useWorkflowServices(options: { bastion?: boolean } = {}): () => WorkflowServices {
  let services: WorkflowServices | undefined;
  beforeAll(async () => {
    services = await startWorkflowServices(options);
  }, 120_000);
  afterAll(async () => {
    await services?.stop();
    removeScratch();
  });
  return () => {
    if (!services) throw new Error('the workflow services did not start (see beforeAll)');
    return services;
  };
}
