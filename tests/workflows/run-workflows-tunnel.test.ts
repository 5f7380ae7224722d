import { describe, expect, it } from '@jest/globals';
import { failedSteps, runWorkflow, type TestJobRun } from './helpers/workflow-runner';
import { SECRET_VALUE, TENANT_INPUTS, useWorkflowServices } from './helpers/workflow-services';

/**
 * zoho-desk-sync.yml and data-upload.yml from their YAML: the tunnel opens in ssm mode through the
 * bastion (a fake EC2 and the SSM stand-ins, which really forward the port) to a real PostgreSQL,
 * the stages reach it as DB_HOST:DB_PORT, and the tunnel's post step closes it.
 */
const SYNC = '.github/workflows/zoho-desk-sync.yml';
const PROCESSING = '.github/workflows/data-processing.yml';
const UPLOAD = '.github/workflows/data-upload.yml';

const services = useWorkflowServices({ bastion: true });

/** The sync takes a list of projects instead of one project and environment (GitHub refuses
 * inputs a workflow does not declare). */
const SYNC_INPUTS = Object.fromEntries(
  Object.entries(TENANT_INPUTS).filter(([name]) => !['project', 'environment'].includes(name)),
);

const tunnelEndsInPost = (run: TestJobRun) => {
  expect(run.step('tunnel').outcome).toBe('success');
  expect(run.postFailures).toEqual([]);
};

describe('zoho-desk-sync.yml: one job per project through the tunnel', () => {
  it('syncs DEV:DEMO-DEV and PROD:DEMO: tickets in PostgreSQL and in zohodesk-data/', async () => {
    const run = await runWorkflow({
      workflow: SYNC,
      inputs: {
        ...SYNC_INPUTS,
        projects: '["DEV:DEMO-DEV","PROD:DEMO"]',
        'db-host': services().database!.host,
        'db-port': Number(services().database!.port),
        // The database runs on this machine: the tunnel cannot take its port (the default).
        'local-port': '0',
      },
      secrets: services().secrets,
      env: services().env,
      // Both projects sync into the one test database here (DEV and PROD have their own on
      // GitHub): one leg at a time keeps their upserts apart.
      maxParallelJobs: 1,
    });
    const jobs = run.jobs.sync;
    expect(jobs).toHaveLength(2);
    expect(jobs.flatMap(failedSteps)).toEqual([]);
    jobs.forEach(tunnelEndsInPost);
    expect(jobs.map((j) => j.step('stage').log)).toEqual([
      expect.stringContaining('Upserted 12 tickets'),
      expect.stringContaining('Upserted 12 tickets'),
    ]);
    expect(jobs.map((j) => j.step('tenant').outputs.environment)).toEqual(['DEV', 'PROD']);
    expect(services().database!.query('SELECT count(*) FROM zoho_tickets')).toBe('12');
    expect(await services().keys('demo/zohodesk-data/tickets/')).toEqual([
      'tickets.csv',
      'tickets.json',
    ]);
    expect(jobs.flatMap((j) => j.steps).filter((s) => s.log.includes(SECRET_VALUE))).toEqual([]);
  }, 300_000);
});

describe('data-upload.yml: stage 4 loads a dataset into PostgreSQL through the tunnel', () => {
  it('opens the tunnel for a postgres script and loads the LATEST dataset once', async () => {
    const processing = await runWorkflow({
      workflow: PROCESSING,
      inputs: TENANT_INPUTS,
      secrets: services().secrets,
      env: services().env,
    });
    const dataset = processing.outputs.dataset;
    expect(dataset).toMatch(/^\d{8}_\d{6}_utc$/);
    const upload = () =>
      runWorkflow({
        workflow: UPLOAD,
        inputs: {
          ...TENANT_INPUTS,
          'upload-script': 'upload_to_postgres.sh',
          'delete-before-upload': true,
          'db-host': services().database!.host,
          'db-port': Number(services().database!.port),
          'local-port': '0', // the database is on this machine: not its own port
        },
        secrets: services().secrets,
        env: services().env,
      });
    for (let i = 0; i < 2; i++) {
      const run = await upload();
      const job = run.jobs['data-upload-4'][0];
      expect(failedSteps(job)).toEqual([]);
      tunnelEndsInPost(job);
      expect(run.outputs.dataset).toBe(dataset);
      expect(job.step('stage').log).toContain(`loaded 18 rows of ${dataset}`);
    }
    expect(
      services().database!.query('SELECT dataset, count(*) FROM demo_listings GROUP BY 1'),
    ).toBe(`${dataset}|18`);
  }, 300_000);

  it('a postgres script without db-host fails before anything runs', async () => {
    const run = await runWorkflow({
      workflow: UPLOAD,
      inputs: { ...TENANT_INPUTS, 'upload-script': 'upload_to_postgres.sh' },
      secrets: services().secrets,
      env: services().env,
    });
    const job = run.jobs['data-upload-4'][0];
    expect(job.step('check').log).toContain('::error title=Missing db-host::');
    expect(job.steps.filter((s) => s.outcome === 'success').map((s) => s.name)).toEqual([
      'Alert Slack',
    ]);
  }, 120_000);
});
