/**
 * What a caller job hands the reusable workflow it `uses:`: the file (this checkout's), its
 * inputs from `with:` (typed, defaults filled) and its secrets (`secrets:` or `inherit`), refused
 * as GitHub refuses them when an input is unknown or a required one, or a required secret, is
 * left out.
 */
import type { RunSettings } from './contexts';
import { render, renderStrings, type Contexts, type Value } from './expressions';
import { resolveInputs, WorkflowInputError } from './workflow-inputs';
import {
  loadWorkflow,
  reusableWorkflowOf,
  UnsupportedError,
  type WorkflowFile,
  type Yaml,
} from './workflow-file';

export interface WorkflowCall {
  called: WorkflowFile;
  inputs: Record<string, Value>;
  secrets: Record<string, string>;
}

export function prepareCall(
  caller: WorkflowFile,
  id: string,
  job: Yaml,
  contexts: Contexts,
  settings: RunSettings,
  repoRoot: string,
): WorkflowCall {
  const file = reusableWorkflowOf(job.uses, caller, repoRoot);
  if (!file) throw new UnsupportedError(`reusable workflow ${job.uses}`, `${caller.label}:${id}`);
  const called = loadWorkflow(file, repoRoot);
  const withContexts = { ...contexts, secrets: settings.secrets };
  const given = Object.fromEntries(
    Object.entries<unknown>(job.with ?? {}).map(([k, v]) => [k, render(v, withContexts)]),
  );
  const inherit = job.secrets === 'inherit';
  if (!inherit) requireSecrets(called, Object.keys(job.secrets ?? {}));
  return {
    called,
    inputs: resolveInputs(called, given),
    secrets: inherit ? settings.secrets : renderStrings(job.secrets, withContexts),
  };
}

/** GitHub refuses a call that leaves out a secret the called workflow requires. */
function requireSecrets(called: WorkflowFile, passed: string[]): void {
  const declared: Yaml = called.doc.on?.workflow_call?.secrets ?? {};
  const missing = Object.entries(declared)
    .filter(([name, spec]) => spec?.required && !passed.includes(name))
    .map(([name]) => name);
  if (missing.length) {
    throw new WorkflowInputError(
      `${called.label} requires secret ${missing.join(', ')}; pass it under secrets:`,
    );
  }
}
