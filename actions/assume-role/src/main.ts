import * as core from '../../shared/src/toolkit';
import { assumeRole, describeRetry } from '@cat-actions/aws';
import { publish } from '../../shared/src/runner';
import { writeSummaryTable } from '../../shared/src/summary-table';
import { readAssumeRoleInputs } from './inputs';

export async function run(): Promise<void> {
  const inputs = readAssumeRoleInputs();
  const { region, exportEnv } = inputs;

  const assumed = await assumeRole({
    roleArn: inputs.roleArn,
    region,
    sessionName: inputs.sessionName,
    durationSeconds: inputs.durationSeconds,
    audience: inputs.audience,
    tags: inputs.tags,
    getIdToken: (aud) => core.getIDToken(aud),
    retry: {
      budgetMs: inputs.deadlines.budgetMs,
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

  await writeSummaryTable(
    'AWS role assumed',
    ['Account', 'Assumed role', 'Region', 'Expires (UTC)', 'Source'],
    [[assumed.accountId, assumed.arn, region, expiration, assumed.source]],
  );
}
