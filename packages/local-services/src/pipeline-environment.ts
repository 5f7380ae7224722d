/**
 * Everything a tenant's workflows reach, started on this machine for `npx cat-actions workflow`
 * without --aws: S3 with one bucket for every tenant, STS and Secrets Manager with each tenant's
 * secret, Slack, PostgreSQL behind the bastion (fake EC2 and the SSM stand-ins, which route the
 * RDS_HOST variable's name to it), and what the stages need where the machine lacks it (the psql
 * stand-in, the aws stand-in's s3 sync, python: system without pipenv). Returns the runner
 * environment, `vars` and `secrets` for the engine, and one line per part saying what runs where.
 *
 * S3 keeps its files in `<dir>/s3` between runs, like a bucket: a data-testing run finds the
 * dataset an earlier data-processing run created.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { tenantName } from '@cat-actions/core';
import { hasSystemPostgres, startPostgres } from './postgres';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startFakeAws } from './fake-aws';
import { startFakeEc2 } from './fake-ec2';
import { startS3rver } from './s3rver';
import { startSlackReceiver } from './slack-receiver';
import { ssmStandins, standinsDir } from './ssm-standins';
import { startTogether, stopService } from './service-group';
import { locateProgram } from './system-tools';

export const LOCAL_BUCKET_PREFIX = 'cat-data-';
export const LOCAL_BUCKET = `${LOCAL_BUCKET_PREFIX}local`;
/** The RDS endpoint's name as RDS_HOST gives it: only the bastion's network (the stand-in) resolves it. */
export const LOCAL_RDS_HOST = 'tenant-db.cluster-local.eu-west-1.rds.amazonaws.com';
/** The login role and database each tenant's secret names (not common words: secrets are masked). */
export const LOCAL_DATABASE = { user: 'tenant_loader', database: 'tenant_warehouse' };
export const psqlStandinDir = path.resolve(standinsDir, '../psql');

export interface PipelineEnvironment {
  env: Record<string, string>;
  vars: Record<string, string>;
  secrets: Record<string, string>;
  description: string[];
  stop(): Promise<void>;
}

/** Tenants of the project folders under each `<root>/Project` (missing roots are skipped). */
export function tenantsUnder(roots: string[]): string[] {
  const tenants = new Set<string>();
  for (const root of roots) {
    let dirs: string[] = [];
    try {
      dirs = readdirSync(path.join(root, 'Project'));
    } catch {
      continue;
    }
    for (const dir of dirs) {
      if (statSync(path.join(root, 'Project', dir)).isDirectory()) tenants.add(tenantName(dir));
    }
  }
  return [...tenants].sort();
}

export async function startPipelineEnvironment(options: {
  /** Where S3 keeps its files (kept between runs). */
  dir: string;
  /** Tenants whose `<tenant>-scraper-secrets` secret is seeded. */
  tenants: string[];
}): Promise<PipelineEnvironment> {
  mkdirSync(path.join(options.dir, 's3'), { recursive: true });
  const secret = { DB_USER: LOCAL_DATABASE.user, DB_NAME: LOCAL_DATABASE.database };
  const [s3, aws, slack, database] = await startTogether([
    () => startS3rver([LOCAL_BUCKET], path.join(options.dir, 's3'), { asAws: true }),
    () =>
      startFakeAws({
        accountId: '000000000000',
        secrets: Object.fromEntries(options.tenants.map((t) => [`${t}-scraper-secrets`, secret])),
      }),
    startSlackReceiver,
    () => (hasSystemPostgres() ? startPostgres() : startEmbeddedPostgres()),
  ]);
  const started: unknown[] = [s3, aws, slack, database];
  const stop = async () => {
    for (const service of started.reverse()) await stopService(service).catch(() => undefined);
  };
  try {
    const client = new pg.Client({ host: '127.0.0.1', port: database.port, user: database.user });
    await client.connect();
    try {
      await client.query(`CREATE ROLE ${LOCAL_DATABASE.user} LOGIN`);
      await client.query(`CREATE DATABASE ${LOCAL_DATABASE.database} OWNER ${LOCAL_DATABASE.user}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    const ec2 = await startFakeEc2([
      { id: 'i-0de0000000000b001', name: 'bastion-host-ng', state: 'running' },
    ]);
    started.push(ec2);
    const standins = ssmStandins({ silent: false });
    started.push({ stop: async () => standins.remove() });
    const [psql, awsCli, pipenv] = await Promise.all(
      ['psql', 'aws', 'pipenv'].map((p) => locateProgram(p)),
    );
    const pathDirs = [standinsDir, ...(psql ? [] : [psqlStandinDir])];
    const env: Record<string, string> = {
      ...s3.env,
      ...aws.env,
      AWS_ENDPOINT_URL_EC2: ec2.endpoint,
      // Source credentials a runner would have; assume-role trades them at the fake STS.
      AWS_ACCESS_KEY_ID: 'AKIALOCALSOURCE00001',
      AWS_SECRET_ACCESS_KEY: 'local-source-secret-not-real',
      AWS_EC2_METADATA_DISABLED: 'true',
      PATH: [...pathDirs, process.env.PATH ?? ''].join(path.delimiter),
      SSM_STANDIN_DIR: standins.dir,
      SSM_STANDIN_ROUTES: `${LOCAL_RDS_HOST}:5432=127.0.0.1:${database.port}`,
      AWS_CLI: awsCli?.path ?? path.join(standinsDir, 'aws'),
      ...(pipenv ? {} : { CAT_STAGE_PYTHON: 'system' }),
    };
    return {
      env,
      vars: {
        BUCKET_PREFIX: LOCAL_BUCKET_PREFIX,
        RDS_HOST: LOCAL_RDS_HOST,
        AWS_REGION: 'us-east-1',
        DEV_ROLE_ARN: 'arn:aws:iam::000000000000:role/cat-local-dev',
        PROD_ROLE_ARN: 'arn:aws:iam::000000000000:role/cat-local-prod',
      },
      secrets: { SLACK_WEBHOOK_URL: slack.webhookUrl },
      description: [
        `Local services (no --aws): S3 ${s3.endpoint}, bucket ${LOCAL_BUCKET}, files in ${path.join(options.dir, 's3', LOCAL_BUCKET)}`,
        `  STS and Secrets Manager ${aws.url} (secrets: ${options.tenants.map((t) => `${t}-scraper-secrets`).join(', ') || 'none'})`,
        `  Slack ${slack.url} (SLACK_WEBHOOK_URL), bastion-host-ng ${ec2.endpoint} with the SSM stand-ins`,
        `  PostgreSQL: ${database.description} at 127.0.0.1:${database.port}, reached as RDS_HOST=${LOCAL_RDS_HOST}`,
        `  psql: ${psql ? `${psql.path} (${psql.version ?? '?'})` : 'the psql stand-in (node-postgres): psql is not installed'}`,
        `  aws CLI: ${awsCli ? `${awsCli.path} (${awsCli.version ?? '?'})` : "the stand-in's s3 sync (AWS SDK): the aws CLI is not installed"}`,
        `  Python: ${pipenv ? `pipenv (${pipenv.version ?? '?'})` : 'pipenv is not installed: stages run with python: system (CAT_STAGE_PYTHON=system)'}`,
      ],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
