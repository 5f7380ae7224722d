import * as core from '../../shared/src/toolkit';
import { locateProjectFolder } from '@cat-actions/core';
import { publish } from '../../shared/src/runner';
import { writeSummaryTable } from '../../shared/src/summary-table';
import { readResolveTenantInputs } from './inputs';
import { warnIfStaleRerun } from './stale-rerun';

export async function run(): Promise<void> {
  const { tenant, projectsRoot, exportEnv, workspace, githubToken, run } =
    readResolveTenantInputs();
  const projectPath = locateProjectFolder(workspace, projectsRoot, tenant.projectDir);

  publish(
    {
      environment: tenant.environment,
      'project-dir': tenant.projectDir,
      'project-path': projectPath,
      'projects-root': projectsRoot,
      tenant: tenant.tenant,
      'secret-name': tenant.secretName,
      'role-arn': tenant.roleArn,
      'session-name': tenant.sessionName,
    },
    exportEnv
      ? {
          ENVIRONMENT: tenant.environment,
          PROJECT_DIR: tenant.projectDir,
          PROJECTS_ROOT: projectsRoot,
          TENANT_NAME: tenant.tenant,
          SECRET_NAME: tenant.secretName,
          ROLE_ARN: tenant.roleArn,
        }
      : undefined,
  );
  core.info(`Tenant ${tenant.tenant} (${tenant.environment}) from ${projectPath}`);

  await writeSummaryTable(
    `Tenant ${tenant.tenant} · ${tenant.environment}`,
    ['Project folder', 'Secret', 'Role', 'Session name'],
    [[projectPath, tenant.secretName, tenant.roleArn, tenant.sessionName]],
  );

  await warnIfStaleRerun(githubToken, run);
}
