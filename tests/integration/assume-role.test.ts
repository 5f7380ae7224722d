import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { errorLines, runAction } from '../support/action-runner';
import { expectOneErrorNothingWritten } from '../support/fake-aws-expect';
import { startFakeAws, type FakeAws } from '../support/fake-aws';
import { startHttpRecorder } from '../support/http-recorder';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/cat-scraper-dev';
const SOURCE = {
  AWS_ACCESS_KEY_ID: 'AKIASOURCEKEY0001',
  AWS_SECRET_ACCESS_KEY: 'source-secret-value',
};
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = [
  base64url({ alg: 'RS256', typ: 'JWT' }),
  base64url({ sub: 'repo:acme/cat-data:ref:refs/heads/main', aud: 'sts.amazonaws.com' }),
  'c2lnbmF0dXJl',
].join('.');

let aws: FakeAws;
let tokenEndpoint: Awaited<ReturnType<typeof startHttpRecorder>>;
/** HTTP statuses the token endpoint answers before it hands out the token. */
let tokenFailures: number[] = [];
beforeAll(async () => {
  aws = await startFakeAws({ webIdentityToken: JWT });
  tokenEndpoint = await startHttpRecorder(() =>
    tokenFailures.length
      ? { status: tokenFailures.shift()!, body: {} }
      : { status: 200, body: { value: JWT } },
  );
});
afterAll(async () => {
  await aws.stop();
  await tokenEndpoint.close();
});
beforeEach(() => aws.reset());

const stepEnv = (extra: Record<string, string> = {}) => ({
  ...aws.env,
  AWS_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  GITHUB_RUN_ID: '777',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REPOSITORY: 'acme/cat-data',
  ...extra,
});
const oidcEnv = () => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: `${tokenEndpoint.url}/token?api-version=2.0`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
});

/** Every value of every credential the fake handed out, and the OIDC token. */
const credentialValues = () => [
  JWT,
  ...aws.issued.flatMap((c) => [c.accessKeyId, c.secretAccessKey, c.sessionToken]),
];

function expectNoCredentialLeak(result: Awaited<ReturnType<typeof runAction>>) {
  const values = credentialValues();
  for (const value of values) {
    expect(result.log).not.toContain(value);
    expect(result.summary).not.toContain(value);
    expect(JSON.stringify(result.outputs)).not.toContain(value);
    expect(JSON.stringify(result.state)).not.toContain(value);
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, ...rest } =
      result.exportedEnv;
    void AWS_ACCESS_KEY_ID;
    void AWS_SECRET_ACCESS_KEY;
    void AWS_SESSION_TOKEN;
    expect(JSON.stringify(rest)).not.toContain(value);
  }
  // The unmasked output holds them only in ::add-mask:: commands, and those come first.
  const raw = result.rawLog.split('\n');
  const leaking = raw.filter((line) => values.some((v) => line.includes(v)));
  expect(leaking.every((line) => line.startsWith('::add-mask::'))).toBe(true);
  const lastMask = raw.map((l) => l.startsWith('::add-mask::')).lastIndexOf(true);
  const firstInfo = raw.findIndex((l) => l.startsWith('Assumed '));
  if (firstInfo >= 0) expect(lastMask).toBeLessThan(firstInfo);
}

describe('assume-role with source credentials from the environment (provider chain)', () => {
  it('assumes the role with session tags and exports the temporary credentials', async () => {
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN, tenant: 'cat-be', environment: 'DEV' },
      env: stepEnv({ ...SOURCE, GITHUB_REPOSITORY: 'acme/cat data#1' }),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(aws.requests).toHaveLength(1);
    const [request] = aws.requests;
    expect(request).toMatchObject({ action: 'AssumeRole', accessKeyId: SOURCE.AWS_ACCESS_KEY_ID });
    expect(request.params).toMatchObject({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'gha-cat-be-777-2',
      DurationSeconds: '3600',
      'Tags.member.1.Key': 'tenant',
      'Tags.member.1.Value': 'cat-be',
      'Tags.member.2.Key': 'environment',
      'Tags.member.2.Value': 'DEV',
      'Tags.member.3.Key': 'repository',
      'Tags.member.3.Value': 'acme/cat data_1',
      'Tags.member.4.Key': 'run-id',
      'Tags.member.4.Value': '777',
    });
    const issued = aws.issued.at(-1)!;
    expect(result.outputs).toEqual({
      'aws-account-id': '123456789012',
      arn: 'arn:aws:sts::123456789012:assumed-role/cat-scraper-dev/gha-cat-be-777-2',
      expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      'session-name': 'gha-cat-be-777-2',
    });
    const expiresIn = Date.parse(result.outputs.expiration) - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
    expect(result.exportedEnv).toEqual({
      AWS_ACCESS_KEY_ID: issued.accessKeyId,
      AWS_SECRET_ACCESS_KEY: issued.secretAccessKey,
      AWS_SESSION_TOKEN: issued.sessionToken,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    expect(result.log).toMatch(/source: environment credentials \(access key ending in 0001\)/);
    expect(result.summary).toContain('123456789012');
    expectNoCredentialLeak(result);
  });

  it('the exported credentials work for the next step (GetCallerIdentity as the role)', async () => {
    const first = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN, tenant: 'cat-be', region: 'eu-central-1' },
      env: stepEnv(SOURCE),
    });
    expect(first.exitCode).toBe(0);
    const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
    const sts = new STSClient({
      region: first.exportedEnv.AWS_REGION,
      endpoint: aws.url,
      credentials: {
        accessKeyId: first.exportedEnv.AWS_ACCESS_KEY_ID,
        secretAccessKey: first.exportedEnv.AWS_SECRET_ACCESS_KEY,
        sessionToken: first.exportedEnv.AWS_SESSION_TOKEN,
      },
    });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(me.Arn).toBe(first.outputs.arn);
    expect(first.exportedEnv.AWS_DEFAULT_REGION).toBe('eu-central-1');
  });

  it('export-env false: outputs only, nothing exported', async () => {
    const result = await runAction('assume-role', {
      inputs: {
        'role-arn': ROLE_ARN,
        'export-env': 'false',
        'session-name': 'manual-session',
        'duration-seconds': '900',
      },
      env: stepEnv(SOURCE),
    });
    expect(result.exitCode).toBe(0);
    expect(result.exportedEnv).toEqual({});
    expect(result.outputs['session-name']).toBe('manual-session');
    expect(aws.requests[0].params.DurationSeconds).toBe('900');
    expectNoCredentialLeak(result);
  });

  it('throttled twice, then succeeds (3 requests, retries logged)', async () => {
    aws.fault({ action: 'AssumeRole', code: 'Throttling', message: 'Rate exceeded', times: 2 });
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN, tenant: 'cat-be' },
      env: stepEnv(SOURCE),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(aws.requests.map((r) => r.action)).toEqual(['AssumeRole', 'AssumeRole', 'AssumeRole']);
    expect(result.log.match(/STS: Throttling on attempt \d of 10; retrying in/g)).toHaveLength(2);
    expectNoCredentialLeak(result);
  });

  it('a dropped connection and a 500 are retried too', async () => {
    aws.fault({ action: 'AssumeRole', code: 'reset' });
    aws.fault({ action: 'AssumeRole', code: 'InternalError' });
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN },
      env: stepEnv(SOURCE),
    });
    expect(result.exitCode).toBe(0);
    expect(aws.requests).toHaveLength(3);
  });

  it('AccessDenied fails after one request, naming session, source and the trust policy', async () => {
    aws.fault({
      action: 'AssumeRole',
      code: 'AccessDenied',
      message:
        'User: arn:aws:iam::111111111111:user/ci is not authorized to perform: sts:AssumeRole',
      times: Infinity,
    });
    const started = Date.now();
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN, tenant: 'cat-be' },
      env: stepEnv(SOURCE),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.exitCode).toBe(1);
    expect(aws.requests).toHaveLength(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /AWS denied AssumeRole of arn:aws:iam::123456789012:role\/cat-scraper-dev/,
    );
    expect(errors[0]).toMatch(/session "gha-cat-be-777-2"/);
    expect(errors[0]).toMatch(/access key ending in 0001/);
    expect(errors[0]).toMatch(/trust policy of .* sts:TagSession/);
    expect(result.outputs).toEqual({});
    expect(result.exportedEnv).toEqual({});
  });

  it('a ValidationError from STS (duration above the role maximum) fails at once', async () => {
    aws.fault({
      action: 'AssumeRole',
      code: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN, 'duration-seconds': '43200' },
      env: stepEnv(SOURCE),
    });
    expect(result.exitCode).toBe(1);
    expect(aws.requests).toHaveLength(1);
    expect(errorLines(result.log)).toEqual([
      expect.stringMatching(/Input 'duration-seconds or role-arn'.*MaxSessionDuration/),
    ]);
    expect(result.exportedEnv).toEqual({});
  });

  it('no credentials anywhere: one error that says how to give some', async () => {
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN },
      env: stepEnv({
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      }),
    });
    expect(result.exitCode).toBe(1);
    expect(aws.requests).toHaveLength(0);
    expect(errorLines(result.log)).toEqual([
      expect.stringMatching(/No source credentials .*id-token: write/),
    ]);
  });
});

describe('assume-role with GitHub OIDC', () => {
  beforeEach(() => {
    tokenEndpoint.requests.length = 0;
  });

  it('gets an id token for the audience and calls AssumeRoleWithWebIdentity, unsigned', async () => {
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN, tenant: 'cat-be', audience: 'sts.amazonaws.com' },
      env: stepEnv(oidcEnv()),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(tokenEndpoint.requests).toHaveLength(1);
    const tokenRequest = tokenEndpoint.requests[0];
    expect(new URL(tokenRequest.url, 'http://x').searchParams.get('audience')).toBe(
      'sts.amazonaws.com',
    );
    expect(tokenRequest.headers.authorization).toBe('Bearer runner-request-token');
    expect(aws.requests).toHaveLength(1);
    expect(aws.requests[0]).toMatchObject({ action: 'AssumeRoleWithWebIdentity', accessKeyId: '' });
    expect(aws.requests[0].params).toMatchObject({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'gha-cat-be-777-2',
      WebIdentityToken: JWT,
    });
    expect(result.exportedEnv.AWS_ACCESS_KEY_ID).toBe(aws.issued.at(-1)!.accessKeyId);
    expect(result.log).toMatch(/source: GitHub OIDC \(repo:acme\/cat-data:ref:refs\/heads\/main\)/);
    expectNoCredentialLeak(result);
  });

  it('a token endpoint failing with 5xx twice is retried', async () => {
    tokenFailures = [502, 503];
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN },
      env: stepEnv(oidcEnv()),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(tokenEndpoint.requests).toHaveLength(3);
    expect(aws.requests).toHaveLength(1);
  });

  it('a token endpoint refusing (403) fails at once, before any STS request', async () => {
    tokenFailures = [403, 403];
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN },
      env: stepEnv(oidcEnv()),
    });
    tokenFailures = [];
    expectOneErrorNothingWritten(
      result,
      /Could not get a GitHub OIDC token for audience "sts.amazonaws.com": .*HTTP 403/,
    );
    expect(tokenEndpoint.requests).toHaveLength(1);
    expect(aws.requests).toHaveLength(0);
  });

  it('credentials in the environment win over OIDC', async () => {
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN },
      env: stepEnv({ ...oidcEnv(), ...SOURCE }),
    });
    expect(result.exitCode).toBe(0);
    expect(tokenEndpoint.requests).toHaveLength(0);
    expect(aws.requests[0].action).toBe('AssumeRole');
  });

  it('an invalid token fails at once, naming the token subject and the audience', async () => {
    aws.fault({
      action: 'AssumeRoleWithWebIdentity',
      code: 'InvalidIdentityToken',
      times: Infinity,
    });
    const result = await runAction('assume-role', {
      inputs: { 'role-arn': ROLE_ARN, tenant: 'cat-be' },
      env: stepEnv(oidcEnv()),
    });
    expect(result.exitCode).toBe(1);
    expect(aws.requests).toHaveLength(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/InvalidIdentityToken/);
    expect(errors[0]).toMatch(/token subject "repo:acme\/cat-data:ref:refs\/heads\/main"/);
    expect(errors[0]).toMatch(/aud" = "sts.amazonaws.com"/);
    expect(result.log).not.toContain(JWT);
    expect(result.exportedEnv).toEqual({});
  });
});

describe('assume-role: every bad input gives one ::error:: and no request, output or export', () => {
  it.each([
    [
      'malformed ARN',
      { 'role-arn': 'arn:aws:iam::12:role/x' },
      /Input 'role-arn' is "arn:aws:iam::12:role\/x": expected an IAM role ARN/,
    ],
    ['missing ARN', { 'role-arn': '' }, /Input 'role-arn': expected the IAM role ARN to assume/],
    [
      'duration too short',
      { 'role-arn': ROLE_ARN, 'duration-seconds': '100' },
      /Input 'duration-seconds' is "100": expected a whole number of seconds from 900/,
    ],
    [
      'duration too long',
      { 'role-arn': ROLE_ARN, 'duration-seconds': '50000' },
      /Input 'duration-seconds' is "50000"/,
    ],
    [
      'duration not a number',
      { 'role-arn': ROLE_ARN, 'duration-seconds': '1h' },
      /Input 'duration-seconds' is "1h"/,
    ],
    [
      'bad region',
      { 'role-arn': ROLE_ARN, region: 'Europe' },
      /Input 'region' is "Europe": expected an AWS region code, e.g. "eu-west-1"/,
    ],
    [
      'bad session name',
      { 'role-arn': ROLE_ARN, 'session-name': 'has space' },
      /Input 'session-name' is "has space"/,
    ],
    [
      'bad export-env',
      { 'role-arn': ROLE_ARN, 'export-env': 'perhaps' },
      /Input 'export-env' is "perhaps"/,
    ],
  ])('%s', async (_case, inputs, message) => {
    const result = await runAction('assume-role', { inputs, env: stepEnv(SOURCE) });
    expectOneErrorNothingWritten(result, message);
    expect(aws.requests).toHaveLength(0);
  });
});
