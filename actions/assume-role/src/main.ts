import * as core from '../../shared/src/toolkit';
import {
  InputError,
  escapeHtml,
  isValidSessionName,
  networkDeadlines,
  parseEnvironment,
  roleSessionName,
  validateRegion,
  validateRoleArn,
  validateTenantName,
} from '@cat-actions/core';
import {
  assumeRole,
  describeRetry,
  regionFromEnv,
  validateDurationSeconds,
} from '@cat-actions/aws';
import { publish, readBooleanInput, readInput, runContext } from '../../shared/src/runner';

function readSessionName(tenant: string): string {
  const context = runContext();
  const given = readInput('session-name');
  const name =
    given || roleSessionName({ tenant, runId: context.runId, runAttempt: context.runAttempt });
  if (!isValidSessionName(name)) {
    throw new InputError({
      input: 'session-name',
      received: given,
      expected: '2 to 64 characters of letters, digits and _+=,.@-',
      example: 'gha-cat-be-123456789-1',
    });
  }
  return name;
}

/** The OIDC audience goes into a URL query and the trust policy's `aud` condition. */
function validateAudience(value: string): string {
  if (!/^[\w.:/@-]{1,256}$/.test(value)) {
    throw new InputError({
      input: 'audience',
      received: value,
      expected: 'an OIDC audience: 1 to 256 letters, digits and . : / @ _ -',
      example: 'sts.amazonaws.com',
    });
  }
  return value;
}

export async function run(): Promise<void> {
  const roleArn = validateRoleArn(
    readInput('role-arn', { required: true, expected: 'the IAM role ARN to assume' }),
    'role-arn',
  );
  const region = validateRegion(readInput('region') || regionFromEnv());
  const tenantGiven = readInput('tenant', { env: 'TENANT_NAME' });
  const tenant = tenantGiven ? validateTenantName(tenantGiven) : '';
  const environmentGiven = readInput('environment', { env: 'ENVIRONMENT' });
  const environment = environmentGiven ? parseEnvironment(environmentGiven) : '';
  const sessionName = readSessionName(tenant);
  const durationSeconds = validateDurationSeconds(readInput('duration-seconds') || '3600');
  const audience = validateAudience(readInput('audience') || 'sts.amazonaws.com');
  const exportEnv = readBooleanInput('export-env', true);
  const deadlines = networkDeadlines();

  const assumed = await assumeRole({
    roleArn,
    region,
    sessionName,
    durationSeconds,
    audience,
    tags: {
      tenant,
      environment,
      repository: process.env.GITHUB_REPOSITORY,
      runId: process.env.GITHUB_RUN_ID,
    },
    getIdToken: (aud) => core.getIDToken(aud),
    retry: {
      budgetMs: deadlines.budgetMs,
      onRetry: (info) => core.info(describeRetry('STS', info)),
    },
  });
  // Masked before anything else is printed or written.
  core.setSecret(assumed.credentials.accessKeyId);
  core.setSecret(assumed.credentials.secretAccessKey);
  core.setSecret(assumed.credentials.sessionToken);

  const expiration = assumed.expiration.toISOString();
  publish(
    {
      'aws-account-id': assumed.accountId,
      arn: assumed.arn,
      expiration,
      'session-name': assumed.sessionName,
    },
    exportEnv
      ? {
          AWS_ACCESS_KEY_ID: assumed.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: assumed.credentials.secretAccessKey,
          AWS_SESSION_TOKEN: assumed.credentials.sessionToken,
          AWS_REGION: region,
          AWS_DEFAULT_REGION: region,
        }
      : undefined,
  );
  core.info(`Assumed ${assumed.arn} in ${region} until ${expiration} (source: ${assumed.source})`);
  if (!exportEnv) core.info('export-env is false: the credentials were not passed to later steps.');

  await core.summary
    .addHeading('AWS role assumed', 3)
    .addTable([
      [
        { data: 'Account', header: true },
        { data: 'Assumed role', header: true },
        { data: 'Region', header: true },
        { data: 'Expires (UTC)', header: true },
        { data: 'Source', header: true },
      ],
      [assumed.accountId, assumed.arn, region, expiration, assumed.source].map(escapeHtml),
    ])
    .write();
}
