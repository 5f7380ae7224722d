/**
 * Before anything runs: every construct of the workflow (and of the reusable workflows it calls)
 * is one the engine runs, ignores harmlessly (with a notice), or it is refused by name and place.
 */
import { existsSync } from 'node:fs';
import { schemaErrors } from './schema';
import {
  loadWorkflow,
  reusableWorkflowOf,
  stepUseOf,
  UnsupportedError,
  type WorkflowFile,
  type Yaml,
} from './workflow-file';

const WORKFLOW_KEYS = [
  'name',
  'run-name',
  'on',
  'true',
  'permissions',
  'env',
  'defaults',
  'concurrency',
  'jobs',
];
const JOB_KEYS = [
  'name',
  'needs',
  'runs-on',
  'if',
  'permissions',
  'concurrency',
  'outputs',
  'env',
  'defaults',
  'steps',
  'timeout-minutes',
  'strategy',
  'continue-on-error',
  'uses',
  'with',
  'secrets',
];
/** Keys GitHub uses that make no difference on this machine. */
const IGNORED_JOB_KEYS: Record<string, string> = {
  environment: 'deployment environments (their protection rules and secrets) do not apply here',
};
const STEP_KEYS = [
  'id',
  'name',
  'if',
  'uses',
  'run',
  'with',
  'env',
  'shell',
  'working-directory',
  'continue-on-error',
  'timeout-minutes',
];
export const SHELLS = ['bash', 'sh', 'python'];

export interface SupportCheck {
  /** What GitHub itself would reject (schema, expressions), with line and column. */
  invalid: string[];
  problems: UnsupportedError[];
  notices: string[];
}

export function checkSupported(workflow: WorkflowFile, repoRoot: string): SupportCheck {
  const check: SupportCheck = { invalid: [], problems: [], notices: [] };
  checkWorkflow(workflow, repoRoot, check, new Set());
  return check;
}

function checkWorkflow(
  workflow: WorkflowFile,
  repoRoot: string,
  check: SupportCheck,
  seen: Set<string>,
): void {
  if (seen.has(workflow.file)) return;
  seen.add(workflow.file);
  check.invalid.push(...schemaErrors(workflow));
  const at = workflow.label;
  for (const key of Object.keys(workflow.doc)) {
    if (!WORKFLOW_KEYS.includes(key)) check.problems.push(new UnsupportedError(`\`${key}:\``, at));
  }
  for (const [jobId, job] of Object.entries<Yaml>(workflow.doc.jobs ?? {})) {
    const where = `${at}:${jobId}`;
    for (const key of Object.keys(job ?? {})) {
      if (key in IGNORED_JOB_KEYS)
        check.notices.push(`${where}: \`${key}:\` ignored: ${IGNORED_JOB_KEYS[key]}`);
      else if (!JOB_KEYS.includes(key))
        check.problems.push(new UnsupportedError(`\`${key}:\``, where));
    }
    if (typeof job?.uses === 'string') {
      const called = reusableWorkflowOf(job.uses, workflow, repoRoot);
      if (!called) {
        check.problems.push(
          new UnsupportedError(
            `reusable workflow ${job.uses}`,
            where,
            "only this repository's workflows run here",
          ),
        );
      } else if (!existsSync(called)) {
        check.problems.push(
          new UnsupportedError(`reusable workflow ${job.uses}`, where, `${called} does not exist`),
        );
      } else {
        checkWorkflow(loadWorkflow(called, repoRoot), repoRoot, check, seen);
      }
      continue;
    }
    const shell = job?.defaults?.run?.shell ?? workflow.doc.defaults?.run?.shell;
    if (shell !== undefined) checkShell(shell, `${where}.defaults.run.shell`, check);
    for (const [index, step] of (job?.steps ?? []).entries()) {
      checkStep(
        step ?? {},
        `${where}.${step?.id ?? step?.name ?? `steps[${index}]`}`,
        workflow,
        repoRoot,
        check,
      );
    }
  }
}

function checkStep(
  step: Yaml,
  where: string,
  workflow: WorkflowFile,
  repoRoot: string,
  check: SupportCheck,
) {
  for (const key of Object.keys(step)) {
    if (!STEP_KEYS.includes(key)) check.problems.push(new UnsupportedError(`\`${key}:\``, where));
  }
  if (step.shell !== undefined) checkShell(step.shell, where, check);
  if (typeof step.uses === 'string') {
    const use = stepUseOf(step.uses, workflow, repoRoot);
    if (use.kind === 'unsupported') {
      const hint = step.uses.startsWith('docker://')
        ? 'container actions need Docker'
        : "only this repository's actions, actions/checkout and actions/setup-python run here";
      check.problems.push(new UnsupportedError(`action ${step.uses}`, where, hint));
    }
  } else if (typeof step.run !== 'string') {
    check.problems.push(new UnsupportedError('a step with neither `run:` nor `uses:`', where));
  }
}

function checkShell(shell: unknown, where: string, check: SupportCheck) {
  const text = String(shell);
  if (!SHELLS.includes(text) && !text.includes('{0}')) {
    check.problems.push(
      new UnsupportedError(
        `shell ${text}`,
        where,
        `use ${SHELLS.join(', ')} or a command with {0}`,
      ),
    );
  }
}
