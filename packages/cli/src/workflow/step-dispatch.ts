/**
 * What one step runs, decided from its YAML: a `run:` script in its shell and working directory,
 * or the action its `uses:` names (this repository's, or the checkout / setup-python stand-ins).
 */
import {
  render,
  renderStrings,
  renderTextOr,
  toText,
  type Contexts,
  type RunStatus,
} from './expressions';
import {
  checkout,
  runRepositoryAction,
  runScript,
  setupPython,
  type StepEnvironment,
  type StepRunResult,
} from './step-runners';
import { stepUseOf, UnsupportedError, type WorkflowFile, type Yaml } from './workflow-file';

/** Where the step sits, for resolving `uses:` and naming it in errors. */
export interface StepSite {
  repoRoot: string;
  workflow: WorkflowFile;
  /** What actions/checkout copies. */
  callerRepo: string;
  /** github.repository: the only repository checkout can copy here. */
  repository: string;
  /** `<file>:<job>.<step>` */
  where: string;
  /** `defaults.run` of the workflow and the job. */
  defaults: { shell?: string; 'working-directory'?: string };
}

/** A step's display name: its `name:`, else `Run <first line of the script or the action>`. */
export function stepLabel(step: Yaml, index: number, contexts: Contexts): string {
  const raw =
    step.name ??
    (typeof step.run === 'string'
      ? `Run ${step.run.trim()}`
      : step.uses
        ? `Run ${step.uses}`
        : `step ${index + 1}`);
  const first = renderTextOr(raw, contexts, String(raw)).split('\n')[0];
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}

export async function dispatchStep(
  step: Yaml,
  contexts: Contexts,
  status: RunStatus,
  environment: StepEnvironment,
  site: StepSite,
): Promise<StepRunResult> {
  const text = (value: unknown) =>
    value === undefined ? undefined : toText(render(value, contexts, status));
  if (typeof step.run === 'string') {
    return runScript(
      toText(render(step.run, contexts, status)),
      text(step.shell ?? site.defaults.shell),
      text(step['working-directory'] ?? site.defaults['working-directory']),
      environment,
    );
  }
  const inputs = renderStrings(step.with, contexts, status);
  const use = stepUseOf(String(step.uses), site.workflow, site.repoRoot);
  switch (use.kind) {
    case 'checkout':
      if (inputs.repository && inputs.repository !== site.repository) {
        throw new UnsupportedError(
          `actions/checkout of another repository (${inputs.repository})`,
          site.where,
        );
      }
      return checkout(site.callerRepo, inputs, environment);
    case 'setup-python':
      return setupPython(inputs, environment);
    case 'action':
      return runRepositoryAction(use.action, inputs, environment);
    default:
      throw new UnsupportedError(`action ${use.uses}`, site.where);
  }
}
