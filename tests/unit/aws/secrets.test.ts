import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { InputError, NotFoundError, AwsDeniedError } from '@cat-actions/core';
import { AssumeRoleCommand, AwsClients, readSecretJson, secretEntries } from '@cat-actions/aws';
import { startFakeAws, type FakeAws } from '../../support/fake-aws';

const SECRET_VALUE = 's3cr3t-Value-That-Must-Not-Leak';
let aws: FakeAws;
let clients: AwsClients;
const saved = { ...process.env };

beforeAll(async () => {
  aws = await startFakeAws({
    secrets: {
      'cat-be-scraper-secrets': {
        API_KEY: SECRET_VALUE,
        PORT: 5432,
        DEBUG: true,
        NESTED: { a: 1 },
      },
      'not-json': SECRET_VALUE,
      'an-array': JSON.stringify([SECRET_VALUE]),
    },
  });
  Object.assign(process.env, aws.env);
  clients = new AwsClients({
    region: 'eu-west-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIASOURCE', secretAccessKey: 'source-secret' },
  });
});
afterAll(async () => {
  await clients.destroy();
  await aws.stop();
  process.env = saved;
});
beforeEach(() => aws.reset());

const fast = { baseDelayMs: 1 };

describe('the tenant secret (a JSON object) becomes KEY -> string values', () => {
  it('reads it over the Secrets Manager JSON protocol, signed with the given credentials', async () => {
    const values = await readSecretJson(await clients.secretsManager(), 'cat-be-scraper-secrets');
    expect(values).toEqual({
      API_KEY: SECRET_VALUE,
      PORT: '5432',
      DEBUG: 'true',
      NESTED: '{"a":1}',
    });
    expect(aws.requests).toHaveLength(1);
    expect(aws.requests[0]).toMatchObject({
      service: 'secretsmanager',
      action: 'GetSecretValue',
      params: { SecretId: 'cat-be-scraper-secrets' },
      accessKeyId: 'AKIASOURCE',
    });
  });

  it.each([
    ['not-json', /its value is not JSON; the value is not shown/],
    ['an-array', /it holds an array; the value is not shown/],
  ])('%s -> InputError that never echoes the value', async (name, message) => {
    const error = await readSecretJson(await clients.secretsManager(), name).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(name);
    expect(error.message).not.toContain(SECRET_VALUE);
  });

  it('an unknown secret -> NotFoundError naming it, after one request', async () => {
    const error = await readSecretJson(await clients.secretsManager(), 'cat-nope-secrets').catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/no secret named "cat-nope-secrets"/);
    expect(aws.requests).toHaveLength(1);
  });

  it('AccessDenied -> AwsDeniedError after one request', async () => {
    aws.fault({ action: 'GetSecretValue', code: 'AccessDeniedException', times: Infinity });
    const error = await readSecretJson(
      await clients.secretsManager(),
      'cat-be-scraper-secrets',
      fast,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(AwsDeniedError);
    expect(error.message).toMatch(/secretsmanager:GetSecretValue on "cat-be-scraper-secrets"/);
    expect(aws.requests).toHaveLength(1);
  });

  it('throttling twice, a reset, then success', async () => {
    aws.fault({ action: 'GetSecretValue', code: 'ThrottlingException', times: 2 });
    aws.fault({ action: 'GetSecretValue', code: 'reset' });
    const values = await readSecretJson(
      await clients.secretsManager(),
      'cat-be-scraper-secrets',
      fast,
    );
    expect(values.API_KEY).toBe(SECRET_VALUE);
    expect(aws.requests).toHaveLength(4);
  });

  it('secretEntries keeps strings as they are', () => {
    expect(secretEntries('x', '{"A":"1","B":""}')).toEqual({ A: '1', B: '' });
  });
});

describe('fake STS speaks the query protocol', () => {
  it('AssumeRole, then GetCallerIdentity with the issued credentials', async () => {
    // AssumeRole by our direct client, GetCallerIdentity by the SDK with what it returned.
    const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
    const sts = await clients.sts();
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/cat-dev',
        RoleSessionName: 'gha-cat-be-1-1',
        Tags: [{ Key: 'tenant', Value: 'cat-be' }],
      }),
    );
    expect(assumed.Credentials?.AccessKeyId).toBe(aws.issued[0].accessKeyId);
    expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(aws.requests[0].params).toMatchObject({
      Action: 'AssumeRole',
      'Tags.member.1.Key': 'tenant',
      'Tags.member.1.Value': 'cat-be',
    });
    const asRole = new STSClient({
      region: 'eu-west-1',
      credentials: {
        accessKeyId: assumed.Credentials!.AccessKeyId!,
        secretAccessKey: assumed.Credentials!.SecretAccessKey!,
        sessionToken: assumed.Credentials!.SessionToken!,
      },
    });
    const me = await asRole.send(new GetCallerIdentityCommand({}));
    asRole.destroy();
    expect(me).toMatchObject({
      Account: '123456789012',
      Arn: 'arn:aws:sts::123456789012:assumed-role/cat-dev/gha-cat-be-1-1',
    });
  });

  it('AssumeRole with a scripted AccessDenied fails with the SDK error AWS would give', async () => {
    aws.fault({ action: 'AssumeRole', code: 'AccessDenied', message: 'not authorized' });
    const error = await (
      await clients.sts()
    )
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::123456789012:role/cat-dev',
          RoleSessionName: 'gha-x',
        }),
      )
      .catch((e) => e);
    expect(error.name).toBe('AccessDenied');
    expect(error.message).toBe('not authorized');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });
});
