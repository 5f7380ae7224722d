import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jobsOf, loadWorkflow, stepsOf } from '../support/workflows';
import {
  DATASET,
  PROJECTS,
  checkoutProject,
  exampleTenant,
  newDataset,
  processDataset,
  runCommand,
  removeScratch,
  runStage,
  stageEnv,
  stageStep,
} from './helpers/example-tenant';

afterAll(removeScratch);

const processing = ['1a', '2a', '3a'].map((stage) => stageStep('data-processing', stage));
const testing = stageStep('data-testing', '5a');
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
