import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allJobs, runWorkflow, type JobRun } from '@cat-actions/cli';
import { repoRoot } from '../support/action-runner';
import { pathWithout, type HiddenPrograms } from '../support/hidden-programs';
import {
  AWSCLI_VERSION,
  PIPENV_VERSION,
  startPackageServer,
  type PackageServer,
} from '../integration/setup-tools-packages';
import { scratchDir } from './helpers/example-tenant';
import { failedSteps } from './helpers/workflow-runner';
import { useWorkflowServices } from './helpers/workflow-services';

/**
 * Issue 12, point 1: a runner without pipenv and the aws CLI. The reusable workflow's setup-tools
 * step installs them (from a package index the runner's pip is configured with, PIP_INDEX_URL,
 * served here) before the stages run; the next jobs of the run find them in the tool cache. A
 * failed install stops the job at that step, and the alert names it.
 */
const services = useWorkflowServices();
let server: PackageServer;
let hidden: HiddenPrograms;
let repo: string;

beforeAll(async () => {
  server = await startPackageServer();
  hidden = pathWithout(
    ['pipenv', 'aws', 'aws_completer', 'session-manager-plugin'],
    services().env.PATH,
  );
  // The old-style tenant (no Pipfile in its project folder) with the guide's processing caller.
  repo = path.join(scratchDir('cat-tools-tenant-'), 'tenant');
  cpSync(path.join(repoRoot, 'tests', 'fixtures', 'old-tenant'), repo, { recursive: true });
  const guide = readFileSync(path.join(repoRoot, 'docs', 'migration.md'), 'utf8');
  const caller = [...guide.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map(([, yaml]) => yaml)
    .find((yaml) => yaml.includes('workflows/data-processing.yml@v1'))!;
  mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
  writeFileSync(path.join(repo, '.github', 'workflows', 'data-processing.yml'), caller);
  services().aws.setSecret('cat-old-scraper-secrets', { SOURCE_API_TOKEN: 'tok-tools-test-31f0a' });
}, 60_000);

afterAll(async () => {
  hidden?.remove();
  await server?.close();
});

const processing = (indexUrl: string) =>
  runWorkflow({
    repoRoot,
    workflowFile: path.join(repo, '.github', 'workflows', 'data-processing.yml'),
    callerRepo: repo,
    inputs: { environment: 'DEV', project: 'CAT-OLD-DEV' },
    secrets: services().secrets,
    vars: {
      BUCKET_PREFIX: 'cat-data',
      DEV_ROLE_ARN: 'arn:aws:iam::000000000000:role/cat-old-dev',
    },
    env: {
      ...services().env,
      ...hidden.env,
      // The runner's own pip configuration and tool cache.
      PIP_INDEX_URL: indexUrl,
      PIP_CONFIG_FILE: '/dev/null',
      RUNNER_TOOL_CACHE: mkdtempSync(path.join(os.tmpdir(), 'cat-runner-tools-')),
    },
  });

const tools = (job: JobRun) => job.steps.find((s) => s.id === 'tools')!;

describe('a runner without pipenv and the aws CLI', () => {
  it('gets them from setup-tools before the first stage; later jobs take them from the tool cache', async () => {
    const run = await processing(`${server.url}/simple`);
    const jobs = allJobs(run).filter((job) => !job.called);
    expect(jobs.flatMap(failedSteps)).toEqual([]);
    expect(jobs.map((job) => tools(job).outputs.installed)).toEqual(['pipenv awscli', '', '']);
    for (const job of jobs) {
      expect(tools(job).outputs).toMatchObject({
        'pipenv-version': PIPENV_VERSION,
        'awscli-version': AWSCLI_VERSION,
      });
    }
    expect(tools(jobs[1]).log).toContain(`pipenv ${PIPENV_VERSION} from the tool cache`);
    expect(run.result).toBe('success');
  }, 300_000);

  it('an install that fails stops the job there: no stage runs, the alert names the step', async () => {
    services().slack.requests.length = 0;
    const run = await processing(`${server.url}/no-such-index`);
    const [job] = allJobs(run).filter((j) => !j.called);
    expect(run.result).toBe('failure');
    expect(tools(job).outcome).toBe('failure');
    expect(tools(job).log).toMatch(/::error::Could not install pipenv: pip install pipenv failed/);
    expect(job.steps.find((s) => s.id === 'stage')!.outcome).toBe('skipped');
    const alert = JSON.stringify(services().slack.requests.map((r) => r.body));
    expect(alert).toContain("Set up the runner's tools");
  }, 300_000);
});
