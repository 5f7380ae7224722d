/**
 * Turns source credentials (GitHub OIDC, or the SDK's provider chain) into the tenant role's
 * temporary credentials. Transient faults are retried within a budget; a refusal fails at once with
 * the session and source identity named, because the fix is always in the role's trust policy.
 */
import type { AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import {
  AwsDeniedError,
  ServiceError,
  networkDeadlines,
  withRetry,
  type RetryOptions,
} from '@cat-actions/core';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, createStsClient } from './sts-client';
import { chooseCredentialSource, tokenSubject } from './credential-source';
import { endpointOf, toCatError } from './errors';
import { awsRetryOptions, withAwsRetry } from './retry';
import { sessionTags, type SessionTagSource } from './session-tags';

/** STS answers in well under a second; a silent request is retried instead of waited on. */
const STS_REQUEST_TIMEOUT_MS = 10_000;

export interface AssumeRoleRequest {
  roleArn: string;
  region: string;
  sessionName: string;
  durationSeconds: number;
  /** Audience of the GitHub id token, `sts.amazonaws.com` for the standard trust policy. */
  audience: string;
  tags: SessionTagSource;
  /** Asks GitHub for an id token (the entry layer's `core.getIDToken`). */
  getIdToken: (audience: string) => Promise<string>;
  env?: NodeJS.ProcessEnv;
  retry?: RetryOptions;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface AssumedRole {
  credentials: TemporaryCredentials;
  /** The assumed-role ARN, `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  arn: string;
  accountId: string;
  expiration: Date;
  sessionName: string;
  /** How the source credentials were found, for the log. */
  source: string;
}

function resultOf(output: Pick<AssumeRoleCommandOutput, 'Credentials' | 'AssumedRoleUser'>) {
  const c = output.Credentials;
  const arn = output.AssumedRoleUser?.Arn ?? '';
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new ServiceError(
      'STS answered AssumeRole without complete credentials (key id, secret, session token and ' +
        'expiration). Check AWS_ENDPOINT_URL_STS: AWS STS always sends all four.',
    );
  }
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    },
    arn,
    accountId: /^arn:[\w-]+:sts::(\d{12}):/.exec(arn)?.[1] ?? '',
    expiration: c.Expiration,
  };
}

export async function assumeRole(request: AssumeRoleRequest): Promise<AssumedRole> {
  const env = request.env ?? process.env;
  const source = chooseCredentialSource(env);
  const retry = request.retry ?? {};
  const deadlines = networkDeadlines(env);
  const timeouts = {
    connectTimeoutMs: deadlines.connectMs,
    requestTimeoutMs: Math.min(STS_REQUEST_TIMEOUT_MS, deadlines.requestMs),
  };
  const endpoint = endpointOf('sts', request.region, env);
  const what = `AssumeRole of ${request.roleArn} as session "${request.sessionName}"`;

  if (source.kind === 'github-oidc') {
    const token = await withRetry(() => request.getIdToken(request.audience), {
      ...awsRetryOptions(retry),
      isRetryable: (e) =>
        (e as Error)?.name === 'TimeoutError' ||
        /HTTP (5\d\d|429)|fetch failed/.test(String((e as Error)?.message)),
    }).catch((error) => {
      throw new AwsDeniedError(
        `Could not get a GitHub OIDC token for audience "${request.audience}": ${(error as Error).message}`,
        { cause: error },
      );
    });
    const subject = tokenSubject(token) ?? 'unknown subject';
    // Unsigned call: the token is the credential, so no SDK provider chain is consulted.
    const sts = await createStsClient({
      region: request.region,
      maxAttempts: 1,
      ...timeouts,
      credentials: { accessKeyId: '', secretAccessKey: '' },
    });
    try {
      const output = await withAwsRetry(
        () =>
          sts.send(
            new AssumeRoleWithWebIdentityCommand({
              RoleArn: request.roleArn,
              RoleSessionName: request.sessionName,
              WebIdentityToken: token,
              DurationSeconds: request.durationSeconds,
            }),
          ),
        retry,
      );
      return {
        ...resultOf(output),
        sessionName: request.sessionName,
        source: `GitHub OIDC (${subject})`,
      };
    } catch (error) {
      throw toCatError(error, {
        operation: `${what} with GitHub OIDC (token subject "${subject}", audience "${request.audience}")`,
        input: 'duration-seconds or role-arn',
        deniedHint:
          `Check the trust policy of ${request.roleArn}: it must allow sts:AssumeRoleWithWebIdentity ` +
          `for the federated principal token.actions.githubusercontent.com with ` +
          `"token.actions.githubusercontent.com:aud" = "${request.audience}" and a ` +
          `"token.actions.githubusercontent.com:sub" condition matching "${subject}".`,
        endpoint,
      });
    } finally {
      sts.destroy();
    }
  }

  // No credentials given: the environment's, else the SDK's default provider chain.
  const sts = await createStsClient({
    region: request.region,
    maxAttempts: 1,
    ...timeouts,
  });
  try {
    const tags = sessionTags(request.tags);
    const output = await withAwsRetry(
      () =>
        sts.send(
          new AssumeRoleCommand({
            RoleArn: request.roleArn,
            RoleSessionName: request.sessionName,
            DurationSeconds: request.durationSeconds,
            Tags: tags.length ? tags : undefined,
          }),
        ),
      retry,
    );
    return { ...resultOf(output), sessionName: request.sessionName, source: source.description };
  } catch (error) {
    if ((error as Error)?.name === 'CredentialsProviderError') {
      throw new AwsDeniedError(
        `No source credentials for ${what}: none in ${source.description}. Give the job ` +
          '`permissions: id-token: write` to use GitHub OIDC, or set AWS_ACCESS_KEY_ID and ' +
          'AWS_SECRET_ACCESS_KEY from secrets.',
        { cause: error },
      );
    }
    throw toCatError(error, {
      operation: `${what} from ${source.description}`,
      input: 'duration-seconds or role-arn',
      deniedHint:
        `Check the trust policy of ${request.roleArn}: it must allow sts:AssumeRole and ` +
        'sts:TagSession (this action sets session tags) for the source identity, and that ' +
        "identity's own policy must allow sts:AssumeRole on the role.",
      endpoint,
    });
  } finally {
    sts.destroy();
  }
}
