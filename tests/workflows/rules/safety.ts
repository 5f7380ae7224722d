import { isScalar } from 'yaml';
import {
  actionNameOf,
  isReusable,
  jobsOf,
  loadWorkflow,
  reusableWorkflowOf,
  stepsOf,
  type WorkflowFile,
  type Yaml,
} from '../../support/workflows';
import { expressionsOf, referencesIn, stringsIn } from './expressions';

/** The comment written after a value, e.g. `id-token: write # why` or `uses: x@sha # v5.0.0`. */
function commentAt(w: WorkflowFile, keyPath: (string | number)[]): string {
  const node = w.document.getIn(keyPath, true);
  return isScalar(node) ? (node.comment ?? '').trim() : '';
}

/** Expressions allowed inside a shell script: values no outsider can choose. */
const SAFE_IN_SCRIPT =
  /^(github\.(run_id|run_number|run_attempt|sha|repository|repository_owner|server_url|api_url|workspace|job|action_path)|runner\.[\w]+|job\.status|strategy\.[\w-]+)$/;

/** Shell the runner executes: `run:` scripts and run-stage's `command` (run with `bash -c`). */
function scriptsOf(job: Yaml): { step: Yaml; script: string }[] {
  return stepsOf(job).flatMap((step) => {
    if (typeof step.run === 'string') return [{ step, script: step.run }];
    const command = step.with?.command;
    if (actionNameOf(step.uses) === 'run-stage' && typeof command === 'string') {
      return [{ step, script: command }];
    }
    return [];
  });
}

/** No expression but a run's own identity inside a script: inputs, event data, matrix values and
 * outputs reach scripts through `env:`, where the shell cannot mistake them for code. */
export function injectionProblems(w: WorkflowFile): string[] {
  return jobsOf(w.doc).flatMap(([jobId, job]) =>
    scriptsOf(job).flatMap(({ step, script }) =>
      expressionsOf({ at: 'run', text: script })
        .filter((expression) => !SAFE_IN_SCRIPT.test(expression))
        .map(
          (expression) =>
            `${w.file} jobs.${jobId} (${step.name ?? step.id ?? 'step'}): \${{ ${expression} }} inside a script; pass it through env:`,
        ),
    ),
  );
}

/** Actions outside this repository are pinned to a full commit SHA with the version as comment. */
export function pinningProblems(w: WorkflowFile): string[] {
  return jobsOf(w.doc).flatMap(([jobId, job]) => {
    const uses = [
      { uses: job.uses, path: ['jobs', jobId, 'uses'] },
      ...stepsOf(job).map((s, i) => ({ uses: s.uses, path: ['jobs', jobId, 'steps', i, 'uses'] })),
    ];
    return uses
      .filter((u): u is { uses: string; path: (string | number)[] } => typeof u.uses === 'string')
      .filter(
        (u) => !u.uses.startsWith('./') && !actionNameOf(u.uses) && !reusableWorkflowOf(u.uses),
      )
      .flatMap(({ uses, path }) => {
        if (!/@[0-9a-f]{40}$/.test(uses))
          return [`${w.file} jobs.${jobId}: ${uses} is not pinned to a commit SHA`];
        if (!/^v\d/.test(commentAt(w, path)))
          return [`${w.file} jobs.${jobId}: ${uses} has no "# vX.Y.Z" comment`];
        return [];
      });
  });
}

const usesAssumeRole = (job: Yaml) =>
  stepsOf(job).some((s) => actionNameOf(s.uses) === 'assume-role');

/** Whether a job needs an OIDC token: it assumes a role, or calls a workflow whose jobs do. */
function needsIdToken(job: Yaml): boolean {
  if (usesAssumeRole(job)) return true;
  const called = reusableWorkflowOf(job.uses);
  return !!called && jobsOf(loadWorkflow(called).doc).some(([, j]) => usesAssumeRole(j));
}

/**
 * Permissions are set at the top of every workflow and are read-only there; a job may add
 * `id-token: write` when it assumes a role through OIDC (and must then), and any other scope only
 * with a comment that says why.
 */
export function permissionProblems(w: WorkflowFile): string[] {
  const top = w.doc.permissions;
  const problems: string[] = [];
  if (top === undefined) problems.push(`${w.file}: no top-level permissions`);
  else if (typeof top === 'string')
    problems.push(`${w.file}: top-level permissions: ${top} is too wide`);
  else {
    for (const [scope, level] of Object.entries(top as Yaml)) {
      if (!(scope === 'contents' && (level === 'read' || level === 'none'))) {
        problems.push(
          `${w.file}: top-level permissions grant ${scope}: ${level}; only contents: read belongs there`,
        );
      }
    }
  }
  for (const [jobId, job] of jobsOf(w.doc)) {
    const where = `${w.file} jobs.${jobId}`;
    const own = job.permissions;
    if (typeof own === 'string') {
      problems.push(`${where}: permissions: ${own} is too wide`);
      continue;
    }
    const granted: Yaml = own ?? {};
    const oidc = needsIdToken(job);
    if (oidc && granted['id-token'] !== 'write') {
      problems.push(
        `${where}: assumes an AWS role through OIDC but does not grant id-token: write`,
      );
    }
    for (const [scope, level] of Object.entries(granted)) {
      if (scope === 'contents' && (level === 'read' || level === 'none')) continue;
      if (scope === 'id-token') {
        if (!oidc) problems.push(`${where}: grants id-token: ${level} but assumes no role`);
        continue;
      }
      if (!commentAt(w, ['jobs', jobId, 'permissions', scope])) {
        problems.push(`${where}: grants ${scope}: ${level} without a comment saying why`);
      }
    }
  }
  return problems;
}

/** Every job that runs steps has timeout-minutes (a job called from elsewhere sets its own). */
export function timeoutProblems(w: WorkflowFile): string[] {
  return jobsOf(w.doc)
    .filter(([, job]) => job.steps && job['timeout-minutes'] === undefined)
    .map(([jobId]) => `${w.file} jobs.${jobId}: no timeout-minutes`);
}

/**
 * A reusable workflow runs one tenant and environment at a time: its concurrency group (of the
 * workflow, or of every job) names the project (and environment), and runs queue, never cancel.
 */
export function concurrencyProblems(w: WorkflowFile): string[] {
  if (!isReusable(w)) return [];
  const groups = w.doc.concurrency
    ? [{ where: w.file, concurrency: w.doc.concurrency }]
    : jobsOf(w.doc).map(([jobId, job]) => ({
        where: `${w.file} jobs.${jobId}`,
        concurrency: job.concurrency,
      }));
  return groups.flatMap(({ where, concurrency }) => {
    if (!concurrency || typeof concurrency !== 'object') return [`${where}: no concurrency group`];
    const names = referencesIn(concurrency.group).map((r) => `${r.kind}.${r.name}`);
    const perProject =
      names.includes('matrix.project') ||
      (names.includes('inputs.project') && names.includes('inputs.environment'));
    return [
      ...(perProject
        ? []
        : [`${where}: concurrency group does not name the project and environment`]),
      ...(concurrency['cancel-in-progress'] === false
        ? []
        : [`${where}: concurrency must set cancel-in-progress: false`]),
    ];
  });
}

const ALERT_MUST_MENTION: [string, RegExp][] = [
  ['the tenant', /tenant/i],
  ['the environment', /environment/i],
  ['the dataset', /dataset/i],
  ['a link to the run', /github\.run_id/],
];

/** Every job of a reusable workflow alerts Slack on failure, with tenant, environment, dataset, run. */
export function alertProblems(w: WorkflowFile): string[] {
  if (!isReusable(w)) return [];
  return jobsOf(w.doc)
    .filter(([, job]) => job.steps)
    .flatMap(([jobId, job]) => {
      const where = `${w.file} jobs.${jobId}`;
      const alert = stepsOf(job).find(
        (s) => actionNameOf(s.uses) === 'notify-slack' && /\bfailure\(\)/.test(String(s.if ?? '')),
      );
      if (!alert) return [`${where}: no notify-slack step with if: failure()`];
      const text = stringsIn(alert.with)
        .map((s) => s.text)
        .join('\n');
      return ALERT_MUST_MENTION.filter(([, pattern]) => !pattern.test(text)).map(
        ([what]) => `${where}: the failure alert does not carry ${what}`,
      );
    });
}
