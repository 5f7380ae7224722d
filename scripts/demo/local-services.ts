/**
 * The local services of one demo, named after the project it runs: the tenant's bucket in S3, its
 * secret in Secrets Manager, the bastion, Slack, PostgreSQL and the aws CLI.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tenantName } from '@cat-actions/core';
import type { DemoOptions } from './options';
import type { Progress } from './progress';
import { startS3 } from './s3-service';
import type { RunningService, ServiceSet } from './services';
import { startAws, startSlack } from './starters';
import { startAwsCli, startPython } from './tools';
import {
  DEMO_DATABASE,
  startBastion,
  startDatabase,
  type DatabaseService,
} from './tunnel-services';

/**
 * The tenant's secret; the stages get its keys as environment variables. The demo's PostgreSQL
 * trusts local connections, so the password only shows that secret values are masked.
 */
const DEMO_SECRET = {
  DB_USER: DEMO_DATABASE.user,
  DB_PASSWORD: 'demo-db-password-not-real-7Qx2',
  DB_NAME: DEMO_DATABASE.database,
  ZOHO_CLIENT_ID: 'demo-zoho-client-id',
};

/** The tenant, its secret and its bucket, as resolve-tenant and find-bucket will find them. */
export function demoNames(options: Pick<DemoOptions, 'projectDir' | 'environment'>) {
  const tenant = tenantName(options.projectDir);
  const bucketPrefix = 'cat-data-';
  return {
    tenant,
    secretName: `${tenant}-scraper-secrets`,
    bucketPrefix,
    bucket: `${bucketPrefix}${tenant}-${options.environment.toLowerCase()}`,
  };
}

/** What an earlier demo left in the folder goes; the folder itself and anything else stay. */
const DEMO_FOLDERS = ['runs', 'workspaces', 's3', 'virtualenvs', 'aws'];

function prepareDir(dir: string) {
  for (const folder of DEMO_FOLDERS)
    rmSync(path.join(dir, folder), { recursive: true, force: true });
  mkdirSync(path.join(dir, 's3'), { recursive: true });
}

export type Starter = () => Promise<RunningService>;

/**
 * Starts the local services side by side (PostgreSQL takes the longest). `starters` replaces some,
 * e.g. to see what the demo does on a machine without PostgreSQL.
 */
export async function startServices(
  services: ServiceSet,
  options: DemoOptions,
  progress: Progress,
  starters: Record<string, Starter> = {},
): Promise<void> {
  const names = demoNames(options);
  prepareDir(options.dir);
  progress.heading('Local services');
  const database = () => services.get('database') as DatabaseService | undefined;
  const all: [string, Starter][] = [
    ['s3', () => startS3(path.join(options.dir, 's3'), names.bucket)],
    ['sts + secrets manager', () => startAws(names.secretName, DEMO_SECRET)],
    ['slack', startSlack],
    ['database', startDatabase],
    ['aws cli', startAwsCli],
    ['python', startPython],
    // After the database: its sessions to RDS_HOST reach the database's port.
    ['bastion', () => startBastion(database())],
  ];
  const [later, first] = [all.slice(-1), all.slice(0, -1)];
  await Promise.all(first.map(([name, start]) => services.start(name, starters[name] ?? start)));
  for (const [name, start] of later) await services.start(name, starters[name] ?? start);
  // Listed, and stopped (in reverse), in this order whatever order they came up in.
  const order = all.map(([name]) => name);
  services.running.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const [name] of all) {
    const running = services.get(name);
    const gone = services.unavailable.find((u) => u.name === name);
    if (running) progress.info(`✓ ${name.padEnd(24)} ${running.endpoint}`);
    if (gone) {
      const install = gone.install ? `\n      install: ${gone.install}` : '';
      progress.info(`○ ${name.padEnd(24)} ${gone.reason}${install}`);
    }
  }
  if (!services.get('s3')) throw new Error('S3 did not start: the demo cannot run without it');
}
