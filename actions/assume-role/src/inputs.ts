import {
  checkedInput,
  isValidSessionName,
  parseEnvironment,
  roleSessionName,
  validateRoleArn,
  validateTenantName,
} from '@cat-actions/core';
import { validateDurationSeconds } from '@cat-actions/aws';
import { readAwsCallInputs, type AwsCallInputs } from '../../shared/src/aws-inputs';
import { readBooleanInput, readInput, runContext } from '../../shared/src/runner';

/** The input names of action.yml, spelled once. */
export const INPUTS = {
  roleArn: 'role-arn',
  region: 'region',
  tenant: 'tenant',
  environment: 'environment',
  sessionName: 'session-name',
  durationSeconds: 'duration-seconds',
  audience: 'audience',
  exportEnv: 'export-env',
} as const;

export interface AssumeRoleInputs extends AwsCallInputs {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  audience: string;
  exportEnv: boolean;
  /** Session tags: who assumed the role, for CloudTrail. */
  tags: { tenant: string; environment: string; repository?: string; runId?: string };
}

/** Every input, read and checked before the OIDC token is even asked for. */
export function readAssumeRoleInputs(): AssumeRoleInputs {
  const context = runContext();
  const roleArn = validateRoleArn(
    readInput(INPUTS.roleArn, { required: true, expected: 'the IAM role ARN to assume' }),
    INPUTS.roleArn,
  );
  const { region, deadlines } = readAwsCallInputs(INPUTS.region);
  const tenantGiven = readInput(INPUTS.tenant, { env: 'TENANT_NAME' });
  const tenant = tenantGiven ? validateTenantName(tenantGiven) : '';
  const environmentGiven = readInput(INPUTS.environment, { env: 'ENVIRONMENT' });
  const environment = environmentGiven ? parseEnvironment(environmentGiven) : '';
  const sessionName = readSessionName(tenant, context);
  const durationSeconds = validateDurationSeconds(readInput(INPUTS.durationSeconds) || '3600');
  const audience = validateAudience(readInput(INPUTS.audience) || 'sts.amazonaws.com');
  const exportEnv = readBooleanInput(INPUTS.exportEnv, true);
  return {
    roleArn,
    region,
    sessionName,
    durationSeconds,
    audience,
    exportEnv,
    deadlines,
    tags: { tenant, environment, repository: context.repository, runId: context.runId },
  };
}

function readSessionName(tenant: string, context: ReturnType<typeof runContext>): string {
  const given = readInput(INPUTS.sessionName);
  const name =
    given || roleSessionName({ tenant, runId: context.runId, runAttempt: context.runAttempt });
  return checkedInput(name, isValidSessionName, {
    input: INPUTS.sessionName,
    expected: '2 to 64 characters of letters, digits and _+=,.@-',
    example: 'gha-cat-be-123456789-1',
  });
}

/** The OIDC audience goes into a URL query and the trust policy's `aud` condition. */
function validateAudience(value: string): string {
  return checkedInput(value, (audience) => /^[\w.:/@-]{1,256}$/.test(audience), {
    input: INPUTS.audience,
    expected: 'an OIDC audience: 1 to 256 letters, digits and . : / @ _ -',
    example: 'sts.amazonaws.com',
  });
}
