import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { repoRoot } from '../support/action-runner';
import {
  actionSpec,
  isReusable,
  loadWorkflow,
  reusableWorkflowOf,
  workflowFiles,
  type WorkflowFile,
} from '../support/workflows';
import { callerProblems, callingJobs } from './rules/callers';
import { actionInputProblems, referenceProblems, usedActions } from './rules/contract';

const workflows = workflowFiles();
const cases = workflows.map((w) => [w.file, w] as [string, WorkflowFile]);
const fixture = (name: string) => loadWorkflow(`tests/workflows/fixtures/${name}`);
const fixtureActions = (name: string) =>
  actionSpec(name, path.join(repoRoot, 'tests/workflows/fixtures/actions'));
const F = 'tests/workflows/fixtures';

const REUSABLE = ['data-processing', 'data-testing', 'data-upload', 'zoho-desk-sync'].map(
  (wf) => `.github/workflows/${wf}.yml`,
);

describe('workflow contract: this repository actions', () => {
  // One case per action the workflows use: a missing action.yml fails here by name, not in a skip.
  const used = [...new Set(workflows.flatMap(usedActions))].sort();

  it('the reusable workflows compose the seven actions and setup-tools', () => {
    expect(used).toEqual([
      'assume-role',
      'find-bucket',
      'latest-dataset',
      'notify-slack',
      'open-bastion-tunnel',
      'resolve-tenant',
      'run-stage',
      'setup-tools',
    ]);
  });

  it.each(used)('%s/action.yml exists', (name) => {
    expect(actionSpec(name) ? `${name}/action.yml` : `${name}/action.yml is missing`).toBe(
      `${name}/action.yml`,
    );
  });

  it.each(cases)('%s: with: keys are inputs, required inputs are given', (_file, w) => {
    expect(actionInputProblems(w)).toEqual([]);
  });

  it('fails on fixtures/bad-contract.yml', () => {
    expect(actionInputProblems(fixture('bad-contract.yml'), fixtureActions)).toEqual([
      `${F}/bad-contract.yml jobs.first.steps[1] (action): with.unknown-key is not an input of fixture-action`,
      `${F}/bad-contract.yml jobs.first.steps[1] (action): required input needed of fixture-action is not given`,
      `${F}/bad-contract.yml jobs.first.steps[2] (no-such-action): uses cat-org/cat-actions/no-such-action@v1, but no-such-action/action.yml does not exist`,
    ]);
  });
});

describe('workflow contract: every reference names something declared', () => {
  it.each(cases)('%s', (_file, w) => {
    expect(referenceProblems(w)).toEqual([]);
  });

  it('fails on fixtures/bad-contract.yml', () => {
    expect(referenceProblems(fixture('bad-contract.yml'), fixtureActions)).toEqual([
      `${F}/bad-contract.yml on.workflow_call.outputs.nothing.value: jobs.first.outputs.nothing is not a declared job output`,
      `${F}/bad-contract.yml jobs.first.steps[1].with.optional: inputs.projet is not a declared input`,
      `${F}/bad-contract.yml jobs.first.steps[4].env.TOKEN: secrets.NOT_DECLARED is not a declared secret of workflow_call`,
      `${F}/bad-contract.yml jobs.first.outputs.missing: steps.action.outputs.no-such-output: fixture-action has no output no-such-output`,
      `${F}/bad-contract.yml jobs.first.steps[0].env.RESULT: reads steps.action, which runs later (or is this step)`,
      `${F}/bad-contract.yml jobs.first.steps[4].env.DONE: steps.computed.outputs.done: the run step does not write done= to $GITHUB_OUTPUT`,
      `${F}/bad-contract.yml jobs.first.steps[4].env.PROJECT: matrix.project is not in this job's strategy.matrix`,
      `${F}/bad-contract.yml jobs.first.steps[4].env.NOPE: no step with id nope in this job`,
      `${F}/bad-contract.yml jobs.second.steps[0].env.ABSENT: job first declares no output absent`,
      `${F}/bad-contract.yml jobs.second.steps[0].env.THIRD: needs.third is not in this job's needs`,
    ]);
  });
});

describe('workflow contract: callers match the reusable workflows', () => {
  it('every reusable workflow has a caller in examples/tenant, and only those are reusable', () => {
    const reusable = workflows.filter(isReusable).map((w) => w.file);
    expect(reusable.sort()).toEqual(REUSABLE);
    const called = workflows
      .filter((w) => w.file.startsWith('examples/'))
      .flatMap((w) => callingJobs(w).map(([, job]) => reusableWorkflowOf(job.uses)));
    expect([...new Set(called)].sort()).toEqual(REUSABLE);
  });

  it.each(cases)('%s: inputs (names, required, types), secrets and permissions', (_file, w) => {
    expect(callerProblems(w)).toEqual([]);
  });

  it('fails on fixtures/bad-caller.yml', () => {
    const where = `${F}/bad-caller.yml jobs.data-testing`;
    const called = '.github/workflows/data-testing.yml';
    expect(callerProblems(fixture('bad-caller.yml'))).toEqual([
      `${where}: with.sample-size passes a number, but ${called} expects a string`,
      `${where}: with.timeout-minutes passes a string, but ${called} expects a number`,
      `${where}: with.samplesize is not an input of ${called}`,
      `${where}: required input bucket-prefix of ${called} is not given`,
      `${where}: secret SLACK is not a secret of ${called}`,
      `${where}: required secret SLACK_WEBHOOK_URL of ${called} is not passed`,
      `${where}: ${called} needs permissions id-token: write, the caller grants none`,
      `${F}/bad-caller.yml jobs.missing: uses cat-org/cat-actions/.github/workflows/no-such-workflow.yml@v1, but .github/workflows/no-such-workflow.yml does not exist`,
    ]);
  });
});
