import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres, type LocalPostgres } from '../support/postgres';
import { startTogether } from '../../packages/local-services/src/service-group';
import { startS3rver, type LocalS3 } from '../support/s3rver';
import { loadWorkflow } from '../support/workflows';
import {
  DATASET,
  PROJECTS,
  exampleTenant,
  newDataset,
  processDataset,
  removeScratch,
  runCommand,
  runStage,
  stageEnv,
  stageStep,
} from './helpers/example-tenant';

/** The example's database stages (4 and the sync) against a real PostgreSQL, and S3 with the aws CLI. */
afterAll(removeScratch);

const uploadScript = loadWorkflow('examples/tenant/.github/workflows/data-upload.yml').doc.on
  .workflow_dispatch.inputs['upload-script'].default;
const upload = stageStep('data-upload', '4', { 'upload-script': uploadScript });
const sync = stageStep('zoho-desk-sync', 'sync');

function requireBinary(file: string, pkg: string): void {
  if (!existsSync(file))
    throw new Error(`${file} not found: install the Debian package ${pkg} (.ci/install-packages)`);
}

describe('example stage 4 through data-upload: PostgreSQL via DB_HOST/DB_PORT', () => {
  const project = PROJECTS[1];
  const { dataset } = processDataset(project);
  const script = loadWorkflow('examples/tenant/.github/workflows/data-upload.yml').doc.on
    .workflow_dispatch.inputs['upload-script'].default;
  let pg: LocalPostgres;
  beforeAll(async () => {
    requireBinary('/usr/bin/psql', 'postgresql-client');
    pg = await startPostgres();
  });
  afterAll(async () => pg?.stop());

  const load = (extra: Record<string, string>) =>
    runStage(upload, project, dataset, {
      UPLOAD_SCRIPT: script,
      DB_USER: pg.user,
      DB_NAME: 'postgres',
      ...extra,
    });
  const count = () =>
    runCommand(
      os.tmpdir(),
      'psql -Atc "SELECT dataset, count(*) FROM demo_listings GROUP BY 1 ORDER BY 1"',
      {
        ...stageEnv(project),
        PGHOST: '127.0.0.1',
        PGPORT: String(pg.port),
        PGUSER: pg.user,
      },
    ).output.trim();

  it('the caller default names a postgres script, so the workflow opens the tunnel', () => {
    expect(script).toMatch(/postgres/);
    expect(existsSync(path.join(exampleTenant, 'Project', project.dir, '4', script))).toBe(true);
  });

  it('without DB_HOST it loads nothing, says so, and exits 0', () => {
    const run = load({ DB_HOST: '' });
    expect(run.status).toBe(0);
    expect(run.output).toContain(
      '::warning::No database configured (DB_HOST is empty): 18 rows of',
    );
  });

  it('loads the rows once per dataset; DELETE_BEFORE_UPLOAD=true empties the table first', () => {
    const db = { DB_HOST: '127.0.0.1', DB_PORT: String(pg.port) };
    expect(load({ ...db, DELETE_BEFORE_UPLOAD: 'false' }).status).toBe(0);
    expect(load({ ...db, DELETE_BEFORE_UPLOAD: 'false' }).status).toBe(0);
    expect(count()).toBe(`${DATASET}|18`);
    expect(load({ ...db, DATASET_NAME: '20240401_000000_utc' }).status).toBe(0);
    expect(count()).toBe(`${DATASET}|18\n20240401_000000_utc|18`);
    expect(load({ ...db, DELETE_BEFORE_UPLOAD: 'true' }).status).toBe(0);
    expect(count()).toBe(`${DATASET}|18`);
  });
});

describe('example Zoho Desk sync through zoho-desk-sync: PostgreSQL and S3', () => {
  const project = PROJECTS[0];
  let pg: LocalPostgres;
  let s3: LocalS3;
  beforeAll(async () => {
    requireBinary('/usr/bin/aws', 'awscli');
    requireBinary('/usr/bin/psql', 'postgresql-client');
    // Together: when one cannot start, the other is stopped before the error goes up.
    [pg, s3] = await startTogether([startPostgres, () => startS3rver(['cat-demo-bucket'])]);
  });
  afterAll(async () => Promise.all([pg?.stop(), s3?.stop()]));

  it('upserts the tickets and copies them to s3://<bucket>/<tenant>/zohodesk-data/tickets/', () => {
    const extra = {
      ...s3.env,
      AWS_CLI: '/usr/bin/aws',
      DB_HOST: '127.0.0.1',
      DB_PORT: String(pg.port),
      DB_USER: pg.user,
    };
    for (let i = 0; i < 2; i++) {
      const run = runStage(sync, project, newDataset(), extra);
      expect([run.status, run.output]).toEqual([0, expect.stringContaining('Upserted 12 tickets')]);
    }
    const tickets = runCommand(os.tmpdir(), 'psql -Atc "SELECT count(*) FROM zoho_tickets"', {
      ...stageEnv(project),
      PGHOST: '127.0.0.1',
      PGPORT: String(pg.port),
      PGUSER: pg.user,
    });
    expect(tickets.output.trim()).toBe('12');
    const listing = runCommand(
      os.tmpdir(),
      '/usr/bin/aws --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 ls --recursive s3://cat-demo-bucket/',
      { ...stageEnv(project), ...s3.env },
    );
    const keys = listing.output
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/).pop());
    expect(keys.sort()).toEqual([
      'demo/zohodesk-data/tickets/tickets.csv',
      'demo/zohodesk-data/tickets/tickets.json',
    ]);
  });

  it('fails clearly when S3_BUCKET_NAME is missing', () => {
    const run = runStage(sync, project, newDataset(), { S3_BUCKET_NAME: '' });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('S3_BUCKET_NAME is not set');
  });
});
