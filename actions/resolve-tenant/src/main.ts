import * as core from '../../shared/src/toolkit';
import {
  DEFAULT_SECRET_SUFFIX,
  escapeHtml,
  locateProjectFolder,
  resolveTenant,
  validateProjectsRoot,
} from '@cat-actions/core';
import { publish, readBooleanInput, readInput, runContext } from '../../shared/src/runner';
import { warnIfStaleRerun } from './stale-rerun';

/**
 * The secret's name as the old pipeline chose it: `secret-name` (or the SECRET_NAME variable)
 * names it outright; otherwise it is the tenant + `secret-suffix` (or the SECRET_SUFFIX variable,
 * else -scraper-secrets). Inputs win over variables; core's resolveTenant checks both names.
 */
function secretNameInputs() {
  const secretName = readInput('secret-name', { env: 'SECRET_NAME' });
  const secretSuffix = readInput('secret-suffix', {
    env: 'SECRET_SUFFIX',
    fallback: DEFAULT_SECRET_SUFFIX,
  });
  return { secretName, secretSuffix };
}

export async function run(): Promise<void> {
  const context = runContext();
  const tenant = resolveTenant({
    project: readInput('project'),
    environment: readInput('environment'),
    projectDir: readInput('project-dir'),
    // The old pipeline's repository/organisation variables, passed through env by the
    // workflows: an explicit name wins over tenant + suffix (see secretNameInputs).
    ...secretNameInputs(),
    devRoleArn: readInput('dev-role-arn', { env: 'DEV_ROLE_ARN' }),
    prodRoleArn: readInput('prod-role-arn', { env: 'PROD_ROLE_ARN' }),
    runId: context.runId,
    runAttempt: context.runAttempt,
  });
  const projectsRoot = validateProjectsRoot(readInput('projects-root'));
  const exportEnv = readBooleanInput('export-env', true);
  const projectPath = locateProjectFolder(context.workspace, projectsRoot, tenant.projectDir);

  publish(
    {
      environment: tenant.environment,
      'project-dir': tenant.projectDir,
      'project-path': projectPath,
      tenant: tenant.tenant,
      'secret-name': tenant.secretName,
      'role-arn': tenant.roleArn,
      'session-name': tenant.sessionName,
    },
    exportEnv
      ? {
          ENVIRONMENT: tenant.environment,
          PROJECT_DIR: tenant.projectDir,
          TENANT_NAME: tenant.tenant,
          SECRET_NAME: tenant.secretName,
          ROLE_ARN: tenant.roleArn,
        }
      : undefined,
  );
  core.info(`Tenant ${tenant.tenant} (${tenant.environment}) from ${projectPath}`);

  await core.summary
    .addHeading(`Tenant ${escapeHtml(tenant.tenant)} · ${tenant.environment}`, 3)
    .addTable([
      [
        { data: 'Project folder', header: true },
        { data: 'Secret', header: true },
        { data: 'Role', header: true },
        { data: 'Session name', header: true },
      ],
      [projectPath, tenant.secretName, tenant.roleArn, tenant.sessionName].map(escapeHtml),
    ])
    .write();

  await warnIfStaleRerun(readInput('github-token'));
}
