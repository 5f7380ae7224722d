import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { allJobs, runWorkflow, type JobRun, type WorkflowRun } from '@cat-actions/cli';
import { repoRoot } from '../support/action-runner';
import { scratchDir } from './helpers/example-tenant';
import { failedSteps } from './helpers/workflow-runner';
import { BUCKET, DATABASE, useWorkflowServices } from './helpers/workflow-services';

/**
 * Issue 12's promise: a tenant repository of the old pipeline moves over with its Project/ folder
 * untouched. tests/fixtures/old-tenant is laid out exactly like the old template; here it gets the
 * "after" callers of docs/migration.md (and the example's for testing and upload) and runs through
 * the four reusable workflows with the workflow engine, against local S3, STS, Secrets Manager, the
 * SSM tunnel, PostgreSQL and Slack. The "RDS" listens on 127.0.0.2:5432; the tunnel takes
 * 127.0.0.1:5432 (the database's own port, no local-port given), so the scripts' .env
 * (POSTGRESQL_DB_HOST=localhost, POSTGRESQL_DB_PORT=5432) reaches it as in the old pipeline.
 */
const fixture = path.join(repoRoot, 'tests', 'fixtures', 'old-tenant');
const PROJECT = 'CAT-OLD-DEV';
const TENANT = 'cat-old';
const SECRET_NAME = 'tenants/cat-old-pipeline'; // the old SECRET_NAME repository variable
const TOKEN = 'tok-old-source-never-printed-4c3b2a';
const ZOHO_TOKEN = 'zoho-old-never-printed-7e6d5c';
const RDS = { host: '127.0.0.2', port: 5432 };

const services = useWorkflowServices({ bastion: true });

/** Every file of a folder with its SHA-256, to prove the run changed none of them. */
function fingerprint(dir: string, base = dir): Record<string, string> {
  const prints: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) Object.assign(prints, fingerprint(file, base));
    else
      prints[path.relative(base, file)] = createHash('sha256')
        .update(readFileSync(file))
        .digest('hex');
  }
  return prints;
}

/** The "after" callers of the migration guide, by the name of the reusable workflow they call. */
function guideCallers(): Record<string, string> {
  const guide = readFileSync(path.join(repoRoot, 'docs', 'migration.md'), 'utf8');
  const callers: Record<string, string> = {};
  for (const [, yaml] of guide.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const called = /uses: cat-org\/cat-actions\/\.github\/workflows\/([\w-]+\.yml)@v1/.exec(yaml);
    if (called) callers[called[1]] = yaml;
  }
  return callers;
}

/** RDS stand-in: 127.0.0.2:5432 forwards to the test PostgreSQL (on 127.0.0.1, a free port). */
function startRds(target: { host: string; port: number }): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(RDS.port, RDS.host, () => resolve(server));
  });
}

let repo: string;
let before: Record<string, string>;
let rds: net.Server | undefined;
let dataset = '';

beforeAll(async () => {
  before = fingerprint(fixture);
  // A tenant repository: the old one, plus the new callers under .github/workflows/.
  repo = path.join(scratchDir('cat-old-tenant-'), 'tenant');
  cpSync(fixture, repo, { recursive: true });
  const workflows = path.join(repo, '.github', 'workflows');
  mkdirSync(workflows, { recursive: true });
  const guide = guideCallers();
  writeFileSync(path.join(workflows, 'zoho-desk-sync.yml'), guide['zoho-desk-sync.yml']);
  writeFileSync(path.join(workflows, 'data-processing.yml'), guide['data-processing.yml']);
  for (const caller of ['data-testing.yml', 'data-upload.yml']) {
    cpSync(
      path.join(repoRoot, 'examples', 'tenant', '.github', 'workflows', caller),
      path.join(workflows, caller),
    );
  }
  services().aws.setSecret(SECRET_NAME, {
    SOURCE_API_TOKEN: TOKEN,
    ZOHO_DESK_TOKEN: ZOHO_TOKEN,
    POSTGRESQL_DB_USER: DATABASE.user,
  });
  const database = services().database!;
  rds = await startRds({ host: database.host, port: Number(database.port) });
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => (rds ? rds.close(resolve) : resolve(undefined)));
});

/** One caller of the tenant repository, as a dispatch (or the schedule) would start it. */
async function dispatch(caller: string, inputs: Record<string, string | boolean>) {
  return runWorkflow({
    repoRoot,
    workflowFile: path.join(repo, '.github', 'workflows', caller),
    callerRepo: repo,
    inputs,
    secrets: services().secrets,
    // The old pipeline's repository variables, as the tenant has them.
    vars: {
      BUCKET_PREFIX: 'cat-data',
      DEV_ROLE_ARN: 'arn:aws:iam::000000000000:role/cat-old-dev',
      PROD_ROLE_ARN: 'arn:aws:iam::000000000000:role/cat-old-prod',
      SECRET_NAME,
      RDS_HOST: RDS.host,
      AWS_REGION: 'us-east-1',
    },
    env: services().env,
  });
}

const jobsOf = (run: WorkflowRun) => allJobs(run).filter((job: JobRun) => !job.called);
const step = (job: JobRun, idOrName: string) =>
  job.steps.find((s) => s.id === idOrName || s.name === idOrName)!;
const logs = (run: WorkflowRun) =>
  jobsOf(run)
    .flatMap((job) => job.steps)
    .map((s) => `${s.log}\n${s.summary}\n${JSON.stringify(s.outputs)}`)
    .join('\n');

describe('an old-style tenant repository runs through the reusable workflows, untouched', () => {
  it('data processing: 1a, 2a (its own transform.sh) and 3a, with .env and the secret', async () => {
    const run = await dispatch('data-processing.yml', { environment: 'DEV', project: PROJECT });
    const jobs = jobsOf(run);
    expect(jobs.flatMap(failedSteps)).toEqual([]);
    expect(jobs.map((j) => j.id)).toEqual([
      'data-fetch-1a',
      'data-processing-2a',
      'data-enrichment-3a',
    ]);
    dataset = jobs[0].outputs.dataset;
    expect(dataset).toMatch(/^\d{8}_\d{6}_utc$/);
    // SECRET_NAME, the old repository variable, named the secret.
    expect(step(jobs[0], 'tenant').outputs['secret-name']).toBe(SECRET_NAME);
    expect(step(jobs[1], 'stage').log).toContain('Processed 25 listings into 2b/');
    expect(await services().keys(`${TENANT}/datasets/${dataset}/`)).toEqual(
      expect.arrayContaining([
        '1b/listings.csv',
        '1b/source.json',
        '2b/listings.csv',
        '3b/listings.csv',
      ]),
    );
    // 1a read DEPARTMENT_ID and LISTING_ROWS from .env (.env_gha's values, not the local .env),
    // which the script never loads itself: run-stage did, as the old pipeline did.
    const source = JSON.parse(
      await services().text(`${TENANT}/datasets/${dataset}/1b/source.json`),
    );
    expect(source).toEqual({
      tenant: TENANT,
      bucket: BUCKET,
      dataset,
      department: '4711',
      token_sha256: createHash('sha256').update(TOKEN).digest('hex'),
      tz: 'UTC',
    });
    expect(logs(run)).not.toContain(TOKEN);
  }, 300_000);

  it('data testing: 5a on LATEST, the example caller', async () => {
    const run = await dispatch('data-testing.yml', {
      environment: 'DEV',
      project: PROJECT,
      dataset: 'LATEST',
      'sample-size': '10',
    });
    const [job] = jobsOf(run);
    expect(failedSteps(job)).toEqual([]);
    expect(step(job, 'dataset').outputs.dataset).toBe(dataset);
    expect(step(job, 'stage').log).toContain('Checked 10 listings: ok');
    const results = await services().keys(`${TENANT}/test_results/${dataset}/`);
    expect(results).toEqual([expect.stringMatching(/^\d{8}_\d{6}_utc\/report\.json$/)]);
  }, 300_000);

  it('data upload: its postgres script reaches localhost:5432 from .env through the tunnel', async () => {
    const run = await dispatch('data-upload.yml', {
      environment: 'DEV',
      project: PROJECT,
      dataset: 'LATEST',
      'delete-before-upload': true,
      'upload-script': 'upload_to_postgres.sh',
    });
    const [job] = jobsOf(run);
    expect(failedSteps(job)).toEqual([]);
    expect(step(job, 'tunnel').outputs).toMatchObject({
      'local-host': '127.0.0.1',
      'local-port': '5432',
    });
    expect(step(job, 'stage').log).toContain(
      `Uploaded 25 listings of ${dataset} to localhost:5432`,
    );
    expect(services().database!.query('SELECT count(*) FROM old_listings')).toBe('25');
    expect(job.postFailures).toEqual([]);
  }, 300_000);

  it('Zoho Desk sync: run_update.sh in update_cycle_GHA, in its pipenv environment, through the tunnel', async () => {
    const run = await dispatch('zoho-desk-sync.yml', { projects: `["DEV:${PROJECT}"]` });
    const [job] = jobsOf(run);
    expect(failedSteps(job)).toEqual([]);
    const log = step(job, 'stage').log;
    // The sync's own .env_gha (not the project's) and its Pipfile.lock: pipenv sync, then the
    // script with the environment's python.
    expect(log).toMatch(/Python 3[\d.]+ in \S*zoho_desk_sync\/update_cycle_GHA\/\.venv/);
    expect(log).toContain('Database reachable at localhost:5432');
    expect(log).toContain('Upserted 12 tickets of department 4711');
    expect(services().database!.query('SELECT count(*) FROM old_tickets')).toBe('12');
    expect(step(job, 'tools').outputs['session-manager-plugin-version']).not.toBe('');
    expect(logs(run)).not.toContain(ZOHO_TOKEN);
  }, 300_000);

  it('a failed stage: its log goes to S3, the alert names the step, exit code, log and last lines', async () => {
    // The database goes away (the scripts stay as they are): the upload's psql fails.
    await new Promise((resolve) => rds!.close(resolve));
    rds = undefined;
    services().slack.requests.length = 0;
    const run = await dispatch('data-upload.yml', {
      environment: 'DEV',
      project: PROJECT,
      dataset: 'LATEST',
      'delete-before-upload': false,
      'upload-script': 'upload_to_postgres.sh',
    });
    const [job] = jobsOf(run);
    expect(run.result).toBe('failure');
    const stage = step(job, 'stage');
    expect(stage.outcome).toBe('failure');
    const exitCode = stage.outputs['exit-code'];
    expect(exitCode).toMatch(/^[1-9]\d*$/);
    const logUri = stage.outputs['log-uri'];
    expect(logUri).toMatch(new RegExp(`^s3://${BUCKET}/${TENANT}/logs/4/\\d{8}_\\d{6}_utc_run-`));
    const storedLog = await services().text(logUri.slice(`s3://${BUCKET}/`.length));
    expect(storedLog).toContain('psql');
    expect(storedLog).not.toContain(TOKEN);

    expect(step(job, 'Alert Slack').outcome).toBe('success');
    const alert = JSON.stringify(services().slack.requests.map((r) => r.body));
    expect(alert).toContain('Run stage 4 (upload)');
    expect(alert).toContain(`*Exit code*\\n${exitCode}`);
    expect(alert).toContain(logUri);
    expect(alert).toContain('Last lines of the stage log (secrets redacted)');
    expect(alert).toContain('psql');
    expect(alert).not.toContain(TOKEN);
  }, 300_000);

  it('left the old repository as it was: no file of it changed', () => {
    expect(fingerprint(fixture)).toEqual(before);
  });
});
