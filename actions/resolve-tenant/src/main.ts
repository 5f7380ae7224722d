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

export async function run(): Promise<void> {
  const context = runContext();
  const tenant = resolveTenant({
    project: readInput('project'),
    environment: readInput('environment'),
    projectDir: readInput('project-dir'),
    secretSuffix: core.getInput('secret-suffix') || DEFAULT_SECRET_SUFFIX,
    secretName: readInput('secret-name'),
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
