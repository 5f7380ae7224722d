import { tenantName, secretName, DEFAULT_SECRET_SUFFIX, isTenantName } from './naming';
import { validateSecretName, validateSecretSuffix } from './aws-names';
import { parseEnvironment, parseProjectSpec, validateProjectDir } from './project';
import type { Environment } from './project';
import { InputError } from './errors';
import { roleArnFor } from './role';
import { roleSessionName } from './session';

export interface TenantRequest {
  /** `ENV:PROJECT_DIR`; or give environment + projectDir. */
  project?: string;
  environment?: string;
  projectDir?: string;
  secretSuffix?: string;
  secretName?: string;
  devRoleArn?: string;
  prodRoleArn?: string;
  runId?: string;
  runAttempt?: string;
}

export interface Tenant {
  environment: Environment;
  projectDir: string;
  tenant: string;
  secretName: string;
  roleArn: string;
  sessionName: string;
}

/** Every name a pipeline step needs, from the project spec alone. Pure: the folder check is apart. */
export function resolveTenant(request: TenantRequest): Tenant {
  const project = request.project?.trim();
  let environment: Environment;
  let projectDir: string;
  if (project) {
    if (request.environment || request.projectDir) {
      throw new InputError({
        input: 'project',
        expected: 'either project, or environment with project-dir, not both',
        example: 'DEV:CAT-BE-DEV',
      });
    }
    ({ environment, projectDir } = parseProjectSpec(project));
  } else if (request.environment || request.projectDir) {
    if (!request.environment) {
      throw new InputError({
        input: 'environment',
        expected: 'DEV or PROD next to project-dir',
        example: 'DEV',
      });
    }
    environment = parseEnvironment(request.environment);
    projectDir = validateProjectDir(request.projectDir ?? '');
  } else {
    throw new InputError({
      input: 'project',
      expected: 'ENV:PROJECT_DIR (or environment and project-dir)',
      example: 'DEV:CAT-BE-DEV',
    });
  }
  const tenant = tenantName(projectDir);
  if (!isTenantName(tenant)) {
    // The folder name is fine for a file system, but its tenant name would be refused by every
    // step that reads S3: refuse it here, where the project is named.
    throw new InputError({
      input: project ? 'project' : 'project-dir',
      received: project || projectDir,
      expected:
        'a project folder of letters, digits, ".", "_" and "-" (its tenant name, lower-cased without ' +
        '-DEV, must be at most 64 characters starting with a letter or digit)',
      example: 'DEV:CAT-BE-DEV',
    });
  }
  const suffix = validateSecretSuffix(request.secretSuffix || DEFAULT_SECRET_SUFFIX);
  const explicit = request.secretName?.trim() ? validateSecretName(request.secretName) : '';
  const name = validateSecretName(secretName(tenant, suffix, explicit), 'secret-suffix');
  return {
    environment,
    projectDir,
    tenant,
    secretName: name,
    roleArn: roleArnFor(environment, { dev: request.devRoleArn, prod: request.prodRoleArn }),
    sessionName: roleSessionName({ tenant, runId: request.runId, runAttempt: request.runAttempt }),
  };
}
