import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/action-runner';
import {
  jobsOf,
  loadWorkflow,
  reusableWorkflowOf,
  type WorkflowFile,
  type Yaml,
} from '../../support/workflows';

const LEVELS: Record<string, number> = { none: 0, read: 1, write: 2 };

/** `${{ inputs.x }}` alone: the caller's own input, whose type can be compared. */
const forwardedInput = (value: unknown) =>
  typeof value === 'string' ? /^\$\{\{\s*inputs\.([\w-]+)\s*\}\}$/.exec(value)?.[1] : undefined;

/** The type a caller's value has, as GitHub would pass it; undefined when only known at run time. */
function typeOfValue(value: unknown, callerInputs: Yaml): string | undefined {
  const forwarded = forwardedInput(value);
  if (forwarded) {
    const type = callerInputs[forwarded]?.type ?? 'string';
    return type === 'choice' || type === 'environment' ? 'string' : type;
  }
  if (typeof value === 'string' && value.includes('${{')) return undefined;
  return typeof value;
}

/** The permissions a job ends up with: its own, else the workflow's. */
function grantedPermissions(w: WorkflowFile, job: Yaml): Record<string, string> {
  const permissions = job.permissions ?? w.doc.permissions ?? {};
  return typeof permissions === 'object' ? permissions : {};
}

/** Everything a reusable workflow's jobs ask for: the caller must grant at least that. */
function requestedPermissions(called: WorkflowFile): Record<string, string> {
  const requested: Record<string, string> = {};
  for (const [, job] of jobsOf(called.doc)) {
    for (const [scope, level] of Object.entries(grantedPermissions(called, job))) {
      if ((LEVELS[level] ?? 0) > (LEVELS[requested[scope]] ?? 0)) requested[scope] = level;
    }
  }
  return requested;
}

function callProblems(w: WorkflowFile, jobId: string, job: Yaml, called: WorkflowFile): string[] {
  const where = `${w.file} jobs.${jobId}`;
  const call = called.doc.on?.workflow_call;
  if (!call) return [`${where}: ${called.file} has no on.workflow_call, so it cannot be called`];
  const declared: Yaml = call.inputs ?? {};
  const given: Yaml = job.with ?? {};
  const callerInputs: Yaml = w.doc.on?.workflow_dispatch?.inputs ?? {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    const input = declared[key];
    if (!input) {
      problems.push(`${where}: with.${key} is not an input of ${called.file}`);
      continue;
    }
    const type = typeOfValue(value, callerInputs);
    if (type !== undefined && type !== input.type) {
      problems.push(
        `${where}: with.${key} passes a ${type}, but ${called.file} expects a ${input.type}`,
      );
    }
  }
  for (const [key, input] of Object.entries(declared)) {
    if (input?.required === true && !(key in given)) {
      problems.push(`${where}: required input ${key} of ${called.file} is not given`);
    }
  }
  if (job.secrets !== 'inherit') {
    const declaredSecrets: Yaml = call.secrets ?? {};
    const passed: Yaml = job.secrets ?? {};
    for (const key of Object.keys(passed)) {
      if (!(key in declaredSecrets))
        problems.push(`${where}: secret ${key} is not a secret of ${called.file}`);
    }
    for (const [key, secret] of Object.entries(declaredSecrets)) {
      if (secret?.required === true && !(key in passed)) {
        problems.push(`${where}: required secret ${key} of ${called.file} is not passed`);
      }
    }
  }
  const granted = grantedPermissions(w, job);
  for (const [scope, level] of Object.entries(requestedPermissions(called))) {
    if ((LEVELS[granted[scope]] ?? 0) < (LEVELS[level] ?? 0)) {
      problems.push(
        `${where}: ${called.file} needs permissions ${scope}: ${level}, the caller grants ${granted[scope] ?? 'none'}`,
      );
    }
  }
  return problems;
}

/** Jobs that call this repository's reusable workflows pass what those workflows declare. */
export function callerProblems(w: WorkflowFile): string[] {
  return jobsOf(w.doc).flatMap(([jobId, job]) => {
    const file = reusableWorkflowOf(job.uses);
    if (!file) return [];
    if (!existsSync(path.join(repoRoot, file))) {
      return [`${w.file} jobs.${jobId}: uses ${job.uses}, but ${file} does not exist`];
    }
    return callProblems(w, jobId, job, loadWorkflow(file));
  });
}

/** The jobs of a workflow that call one of this repository's reusable workflows. */
export const callingJobs = (w: WorkflowFile) =>
  jobsOf(w.doc).filter(([, job]) => reusableWorkflowOf(job.uses) !== undefined);
