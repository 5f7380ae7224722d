import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres, type LocalPostgres } from '../support/postgres';
import { startS3rver, type LocalS3 } from '../support/s3rver';
import { jobsOf, loadWorkflow, stepsOf } from '../support/workflows';
import {
  DATASET,
  PROJECTS,
  checkoutProject,
  exampleTenant,
  runCommand,
  removeScratch,
  runStage,
  scratchDir,
  stageEnv,
  stageStep,
} from './helpers/example-tenant';

afterAll(removeScratch);

const newDataset = () => scratchDir('cat-dataset-');
const processing = ['1a', '2a', '3a'].map((stage) => stageStep('data-processing', stage));
const testing = stageStep('data-testing', '5a');
const upload = stageStep('data-upload', '4');
const sync = stageStep('zoho-desk-sync', 'sync');
const rowsSetting = (dir: string) =>
  Number(
    /^DEMO_ROWS=(\d+)$/m.exec(
      readFileSync(path.join(exampleTenant, 'Project', dir, '.env_gha'), 'utf8'),
    )?.[1],
  );

/** Every file of a folder with its SHA-256, to compare two runs byte for byte. */
function fingerprint(dir: string, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
      const rel = path.join(prefix, e.name);
      if (e.isDirectory()) return Object.entries(fingerprint(dir, rel));
      return [
        [
          rel,
          createHash('sha256')
            .update(readFileSync(path.join(dir, rel)))
            .digest('hex'),
        ],
      ];
    }),
  );
}

function processDataset(project: (typeof PROJECTS)[number]) {
  const dataset = newDataset();
  const results = processing.map((step) => runStage(step, project, dataset));
  return { dataset, results };
}

function requireBinary(file: string, pkg: string): void {
  if (!existsSync(file))
    throw new Error(`${file} not found: install the Debian package ${pkg} (.ci/install-packages)`);
}

describe.each(PROJECTS)(
  'example tenant $dir: the stages do what the workflows expect',
  (project) => {
    it('1a -> 2a -> 3a produce exactly the parts data-processing uploads, each from the last', () => {
      const { dataset, results } = processDataset(project);
      expect(results.map((r) => [r.status, r.uploaded])).toEqual([
        [0, ['1b_raw']],
        [0, ['2b_processed']],
        [0, ['3b_enriched']],
      ]);
      expect(readdirSync(dataset).sort()).toEqual(['1b_raw', '2b_processed', '3b_enriched']);
      const raw = readFileSync(path.join(dataset, '1b_raw', 'listings.csv'), 'utf8')
        .trim()
        .split('\n');
      expect(raw).toHaveLength(rowsSetting(project.dir) + 1);
      expect(
        JSON.parse(readFileSync(path.join(dataset, '1b_raw', 'source.json'), 'utf8')),
      ).toMatchObject({
        tenant: 'demo',
        environment: project.environment,
        dataset: DATASET,
      });
    });

    it('writes the same bytes on every run', () => {
      expect(fingerprint(processDataset(project).dataset)).toEqual(
        fingerprint(processDataset(project).dataset),
      );
    });

    it('5a tests the dataset and writes test_results/ for data-testing to publish', () => {
      const { dataset } = processDataset(project);
      const run = runStage(testing, project, dataset, { SAMPLE_SIZE: 'all' });
      expect(run.output).not.toContain('FAIL');
      expect([run.status, run.uploaded]).toEqual([0, ['test_results']]);
      const summary = JSON.parse(
        readFileSync(path.join(dataset, 'test_results', 'summary.json'), 'utf8'),
      );
      expect(summary).toMatchObject({
        dataset: DATASET,
        tenant: 'demo',
        passed: true,
        sample_size: 'all',
      });
      expect(summary.rows_checked).toBe(summary.rows_total);
    });
  },
);

describe('example stage 5a: SAMPLE_SIZE and failing checks', () => {
  const project = PROJECTS[1];
  const { dataset } = processDataset(project);

  it.each([
    ['5', 5],
    ['1', 1],
    ['all', 18],
    ['1000', 18],
  ])('SAMPLE_SIZE=%s checks %d rows', (size, rows) => {
    const run = runStage(testing, project, dataset, { SAMPLE_SIZE: size });
    expect(run.status).toBe(0);
    const summary = JSON.parse(
      readFileSync(path.join(run.workdir, 'test_results', 'summary.json'), 'utf8'),
    );
    expect(summary.rows_checked).toBe(rows);
    expect(readFileSync(path.join(run.workdir, 'test_results', 'summary.md'), 'utf8')).toContain(
      `(SAMPLE_SIZE=${size})`,
    );
  });

  it('a SAMPLE_SIZE that is not a number or all fails with one ::error::', () => {
    const run = runStage(testing, project, dataset, { SAMPLE_SIZE: 'many' });
    expect(run.status).toBe(2);
    expect(run.output).toContain("::error::SAMPLE_SIZE must be a whole number or all, not 'many'");
  });

  it('fails (exit 1) after writing results that name the failed check', () => {
    const broken = newDataset();
    processing.forEach((step) => runStage(step, project, broken));
    const enriched = path.join(broken, '3b_enriched', 'listings.csv');
    writeFileSync(
      enriched,
      readFileSync(enriched, 'utf8').split('\n').slice(0, -3).join('\n') + '\n',
    );
    const run = runStage(testing, project, broken, { SAMPLE_SIZE: 'all' });
    expect(run.status).toBe(1);
    expect(run.uploaded).toEqual(['test_results']);
    expect(readFileSync(path.join(run.workdir, 'test_results', 'summary.md'), 'utf8')).toMatch(
      /\| 3b has every 2b row \| FAIL \|/,
    );
  });

  it('a stage run outside run-stage says which variable is missing', () => {
    const workdir = checkoutProject(project.dir);
    const env = stageEnv(project);
    delete (env as Record<string, string | undefined>).DATASET_NAME;
    const run = runCommand(workdir, processing[0].command, env);
    expect(run.status).toBe(2);
    expect(run.output).toContain('::error::DATASET_NAME is not set.');
  });
});

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
    [pg, s3] = await Promise.all([startPostgres(), startS3rver(['cat-demo-bucket'])]);
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

describe('example projects: settings and Python environment', () => {
  it.each(PROJECTS)(
    '$dir: Pipfile.lock pins no packages, so `pipenv sync` downloads nothing',
    ({ dir }) => {
      const lock = JSON.parse(
        readFileSync(path.join(exampleTenant, 'Project', dir, 'Pipfile.lock'), 'utf8'),
      );
      expect([lock.default, lock.develop]).toEqual([{}, {}]);
      expect(readFileSync(path.join(exampleTenant, 'Project', dir, 'Pipfile'), 'utf8')).toMatch(
        /\[packages\]\s*\n\s*\n\[dev-packages\]/,
      );
    },
  );

  it.each(PROJECTS)('$dir: .env_gha holds settings, never secrets', ({ dir }) => {
    const keys = readFileSync(path.join(exampleTenant, 'Project', dir, '.env_gha'), 'utf8')
      .split('\n')
      .filter((l) => /^\w+=/.test(l))
      .map((l) => l.split('=')[0]);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => /PASSWORD|SECRET|TOKEN|KEY/i.test(k))).toEqual([]);
  });
});

describe('the tenant guide documents what stages receive', () => {
  const guide = readFileSync(path.join(exampleTenant, 'README.md'), 'utf8');
  const fromRunStage = [
    'TZ',
    'TENANT_NAME',
    'PROJECT_DIR',
    'ENVIRONMENT',
    'S3_BUCKET_NAME',
    'S3_BUCKET',
    'DATASET_NAME',
  ];
  const fromWorkflows = [
    'zoho-desk-sync',
    'data-processing',
    'data-testing',
    'data-upload',
  ].flatMap((wf) =>
    jobsOf(loadWorkflow(`.github/workflows/${wf}.yml`).doc).flatMap(([, job]) =>
      stepsOf(job).flatMap((s) =>
        String(s.with?.env ?? '')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => line.split('=')[0].trim()),
      ),
    ),
  );

  it.each([...new Set([...fromRunStage, ...fromWorkflows])])('%s', (variable) => {
    expect(guide).toContain(`\`${variable}\``);
  });
});
