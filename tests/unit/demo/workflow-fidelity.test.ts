/**
 * The demo runs the example tenant "in the order and with the inputs the reusable workflows use":
 * for every workflow job it stands for, the same actions of this repository in the same order,
 * each with the same input names. When a workflow changes, this test says what the demo must
 * follow.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  failingJob,
  processingJobs,
  setupJob,
  syncJob,
  testingJob,
  uploadJob,
  type DemoContext,
  type DemoJob,
  type DemoStep,
} from '../../../scripts/demo/pipeline';
import { repoRoot } from '../../support/action-runner';

interface WorkflowStep {
  uses?: string;
  with?: Record<string, unknown>;
}

/** This repository's actions a workflow job uses, in order, with the input names it gives. */
function workflowSteps(workflow: string, job: string) {
  const doc = parse(readFileSync(path.join(repoRoot, '.github/workflows', workflow), 'utf8'));
  const steps: WorkflowStep[] = doc.jobs[job].steps;
  return steps
    .filter((s) => s.uses?.includes('/cat-actions/'))
    .map((s) => ({
      action: s.uses!.replace(/^.*\/cat-actions\/([\w-]+)@.*$/, '$1'),
      inputs: Object.keys(s.with ?? {}).sort(),
    }));
}

const ctx: DemoContext = {
  environment: 'DEV',
  projectDir: 'DEMO-DEV',
  bucketPrefix: 'cat-data-',
  devRoleArn: 'arn:aws:iam::000000000000:role/d',
  prodRoleArn: 'arn:aws:iam::000000000000:role/p',
  sampleSize: '5',
  outputs: () => ({}),
  runUrl: 'https://github.com/o/r/actions/runs/1/attempts/1',
  slackWebhookUrl: 'http://127.0.0.1:1/services/T/B/x',
  database: { host: '127.0.0.1', port: '5432' },
  tunnelEnv: {},
  dataset: '20261125_101500_utc',
};

const demoSteps = (steps: DemoStep[]) =>
  steps.map((s) => ({ action: s.action, inputs: Object.keys(s.inputs(ctx)).sort() }));

/** Every job of the demo and the workflow job it stands for (after the shared setup steps). */
const jobs: [DemoJob, string][] = [
  ...processingJobs.map((job): [DemoJob, string] => [job, 'data-processing.yml']),
  [testingJob, 'data-testing.yml'],
  [uploadJob, 'data-upload.yml'],
  [syncJob, 'zoho-desk-sync.yml'],
];

describe('the demo follows the reusable workflows', () => {
  it('runs the setup steps of the data workflows with their inputs', () => {
    const setup = workflowSteps('data-processing.yml', 'data-fetch-1a').slice(0, 3);
    expect(demoSteps(setupJob.steps)).toEqual(setup);
  });

  it.each(jobs.map(([job, workflow]) => [`${workflow} ${job.name}`, job, workflow] as const))(
    '%s: same actions, order and input names',
    (_, job, workflow) => {
      const steps = workflowSteps(workflow, job.name);
      expect(steps.slice(0, 3).map((s) => s.action)).toEqual(setupJob.steps.map((s) => s.action));
      expect(demoSteps(job.steps)).toEqual(steps.slice(3));
    },
  );

  it('fails on purpose in a copy of data-fetch-1a that only adds a failing command', () => {
    const steps = workflowSteps('data-processing.yml', 'data-fetch-1a').slice(3);
    const demo = demoSteps(failingJob.steps);
    expect(demo.map((s) => s.action)).toEqual(steps.map((s) => s.action));
    expect(demo[0].inputs).toEqual([...steps[0].inputs, 'command'].sort());
    expect(demo[1]).toEqual(steps[1]);
  });
});
