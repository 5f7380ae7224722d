import {
  DEFAULT_SECRET_SUFFIX,
  resolveTenant,
  validateProjectsRoot,
  type Tenant,
} from '@cat-actions/core';
import { readBooleanInput, readInput, runContext } from '../../shared/src/runner';

/** The input names of action.yml, spelled once. */
export const INPUTS = {
  project: 'project',
  environment: 'environment',
  projectDir: 'project-dir',
  projectsRoot: 'projects-root',
  secretName: 'secret-name',
  secretSuffix: 'secret-suffix',
  devRoleArn: 'dev-role-arn',
  prodRoleArn: 'prod-role-arn',
  exportEnv: 'export-env',
  githubToken: 'github-token',
} as const;

export interface ResolveTenantInputs {
  tenant: Tenant;
  projectsRoot: string;
  exportEnv: boolean;
  workspace: string;
  githubToken: string;
  /** What the stale re-run check compares: this run's attempt, commit and branch. */
  run: ReturnType<typeof runContext>;
}

/**
 * Every input, read and checked (by core's resolveTenant) before anything is written. The secret's
 * name is as the old pipeline chose it: `secret-name` (or the SECRET_NAME variable) names it
 * outright; otherwise it is the tenant + `secret-suffix` (or the SECRET_SUFFIX variable, else
 * -scraper-secrets). Inputs win over variables; the role ARNs likewise come from the old
 * pipeline's repository/organisation variables, passed through env by the workflows.
 */
export function readResolveTenantInputs(): ResolveTenantInputs {
  const run = runContext();
  const tenant = resolveTenant({
    project: readInput(INPUTS.project),
    environment: readInput(INPUTS.environment),
    projectDir: readInput(INPUTS.projectDir),
    secretName: readInput(INPUTS.secretName, { env: 'SECRET_NAME' }),
    secretSuffix: readInput(INPUTS.secretSuffix, {
      env: 'SECRET_SUFFIX',
      fallback: DEFAULT_SECRET_SUFFIX,
    }),
    devRoleArn: readInput(INPUTS.devRoleArn, { env: 'DEV_ROLE_ARN' }),
    prodRoleArn: readInput(INPUTS.prodRoleArn, { env: 'PROD_ROLE_ARN' }),
    runId: run.runId,
    runAttempt: run.runAttempt,
  });
  const projectsRoot = validateProjectsRoot(readInput(INPUTS.projectsRoot));
  const exportEnv = readBooleanInput(INPUTS.exportEnv, true);
  const githubToken = readInput(INPUTS.githubToken);
  return { tenant, projectsRoot, exportEnv, workspace: run.workspace, githubToken, run };
}
