import {
  actionNameOf,
  actionSpec as repoActionSpec,
  jobsOf,
  stepsOf,
  type ActionSpec,
  type WorkflowFile,
  type Yaml,
} from '../../support/workflows';
import { referencesIn, type Reference } from './expressions';

/** Finds an action.yml by action name; tests swap it to prove a rule fires. */
export type ActionLookup = (name: string) => ActionSpec | undefined;

/** Outputs of the third-party actions the workflows may read (from their action.yml). */
const THIRD_PARTY_OUTPUTS: Record<string, string[]> = {
  'actions/checkout': ['ref', 'commit'],
  'actions/setup-python': ['python-version', 'cache-hit', 'python-path'],
};

const isRequiredWithoutDefault = (input: Yaml | null | undefined) =>
  input?.required === true && (input.default === undefined || input.default === null);

/** This repository's actions each workflow step names (`cat-org/cat-actions/<action>@ref`). */
export function usedActions(w: WorkflowFile): string[] {
  return [
    ...new Set(
      jobsOf(w.doc).flatMap(([, job]) =>
        stepsOf(job)
          .map((s) => actionNameOf(s.uses))
          .filter((a): a is string => !!a),
      ),
    ),
  ].sort();
}

/** Every `with:` key is a declared input; every required input without default is given. */
export function actionInputProblems(
  w: WorkflowFile,
  lookup: ActionLookup = repoActionSpec,
): string[] {
  return jobsOf(w.doc).flatMap(([jobId, job]) =>
    stepsOf(job).flatMap((step, i) => {
      const name = actionNameOf(step.uses);
      if (!name) return [];
      const where = `${w.file} jobs.${jobId}.steps[${i}] (${step.id ?? step.name ?? name})`;
      const spec = lookup(name);
      if (!spec) return [`${where}: uses ${step.uses}, but ${name}/action.yml does not exist`];
      const given = Object.keys(step.with ?? {});
      return [
        ...given
          .filter((key) => !(key in spec.inputs))
          .map((key) => `${where}: with.${key} is not an input of ${name}`),
        ...Object.entries(spec.inputs)
          .filter(([key, input]) => isRequiredWithoutDefault(input) && !given.includes(key))
          .map(([key]) => `${where}: required input ${key} of ${name} is not given`),
      ];
    }),
  );
}

/** What `${{ steps.<id>.outputs.<name> }}` may read from a step: declared or written outputs. */
function stepOutputProblem(step: Yaml, name: string, lookup: ActionLookup): string | undefined {
  if (typeof step.run === 'string') {
    const writes = step.run.includes('GITHUB_OUTPUT') && step.run.includes(`${name}=`);
    return writes ? undefined : `the run step does not write ${name}= to $GITHUB_OUTPUT`;
  }
  const action = actionNameOf(step.uses);
  if (action) {
    const spec = lookup(action);
    if (!spec) return `${action}/action.yml does not exist`;
    return name in spec.outputs ? undefined : `${action} has no output ${name}`;
  }
  const thirdParty = typeof step.uses === 'string' ? step.uses.split('@')[0] : '';
  const known = THIRD_PARTY_OUTPUTS[thirdParty];
  if (!known) return `the outputs of ${String(step.uses)} are unknown to this test`;
  return known.includes(name) ? undefined : `${thirdParty} has no output ${name}`;
}

function jobReferenceProblems(
  w: WorkflowFile,
  jobId: string,
  job: Yaml,
  lookup: ActionLookup,
): string[] {
  const where = `${w.file} jobs.${jobId}`;
  const steps = stepsOf(job);
  const needs: string[] = [job.needs ?? []].flat();
  const jobs = Object.fromEntries(jobsOf(w.doc));
  const jobFields = Object.fromEntries(Object.entries(job).filter(([key]) => key !== 'steps'));
  const refs: (Reference & { stepIndex?: number })[] = [
    ...referencesIn(jobFields),
    ...steps.flatMap((step, i) =>
      referencesIn(step, `steps[${i}]`).map((r) => ({ ...r, stepIndex: i })),
    ),
  ];
  const problems: string[] = [];
  for (const ref of refs) {
    const at = `${where}.${ref.at}`;
    if (ref.kind === 'steps') {
      const index = steps.findIndex((s) => s.id === ref.owner);
      if (index < 0) {
        problems.push(`${at}: no step with id ${ref.owner} in this job`);
        continue;
      }
      if (ref.stepIndex !== undefined && index >= ref.stepIndex) {
        problems.push(`${at}: reads steps.${ref.owner}, which runs later (or is this step)`);
        continue;
      }
      const problem = stepOutputProblem(steps[index], ref.name, lookup);
      if (problem) problems.push(`${at}: steps.${ref.owner}.outputs.${ref.name}: ${problem}`);
    } else if (ref.kind === 'needs') {
      if (!needs.includes(ref.owner)) {
        problems.push(`${at}: needs.${ref.owner} is not in this job's needs`);
      } else if (!(ref.name in (jobs[ref.owner]?.outputs ?? {}))) {
        problems.push(`${at}: job ${ref.owner} declares no output ${ref.name}`);
      }
    } else if (ref.kind === 'matrix') {
      const matrix = job.strategy?.matrix;
      if (!matrix || typeof matrix !== 'object' || !(ref.name in matrix)) {
        problems.push(`${at}: matrix.${ref.name} is not in this job's strategy.matrix`);
      }
    }
  }
  return problems;
}

/** `inputs.*` and `secrets.*` name what the workflow declares; `jobs.*.outputs.*` what jobs set. */
function workflowReferenceProblems(w: WorkflowFile): string[] {
  const on = w.doc.on ?? {};
  const call = on.workflow_call;
  const inputs = { ...(on.workflow_dispatch?.inputs ?? {}), ...(call?.inputs ?? {}) };
  const secrets = { GITHUB_TOKEN: {}, ...(call?.secrets ?? {}) };
  const jobs = Object.fromEntries(jobsOf(w.doc));
  const problems: string[] = [];
  for (const ref of referencesIn(w.doc)) {
    const at = `${w.file} ${ref.at}`;
    if (ref.kind === 'inputs' && !(ref.name in inputs)) {
      problems.push(`${at}: inputs.${ref.name} is not a declared input`);
    }
    // A caller's own repository secrets are not declared anywhere; a reusable workflow's are.
    if (ref.kind === 'secrets' && call && !(ref.name in secrets)) {
      problems.push(`${at}: secrets.${ref.name} is not a declared secret of workflow_call`);
    }
    if (ref.kind === 'jobs' && !(ref.name in (jobs[ref.owner]?.outputs ?? {}))) {
      problems.push(`${at}: jobs.${ref.owner}.outputs.${ref.name} is not a declared job output`);
    }
  }
  return problems;
}

/** Every `steps.*.outputs.*`, `needs.*.outputs.*`, `jobs.*.outputs.*`, `inputs.*`, `secrets.*`
 * and `matrix.*` reference names something declared, and steps only read earlier steps. */
export function referenceProblems(
  w: WorkflowFile,
  lookup: ActionLookup = repoActionSpec,
): string[] {
  return [
    ...workflowReferenceProblems(w),
    ...jobsOf(w.doc).flatMap(([jobId, job]) => jobReferenceProblems(w, jobId, job, lookup)),
  ];
}
