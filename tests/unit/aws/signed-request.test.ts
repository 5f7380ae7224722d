import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssumeRoleCommand, createS3Client, createStsClient } from '@cat-actions/aws';
import {
  directCredentials,
  directEndpoint,
  signatureHeaders,
} from '../../../packages/aws/src/signed-request';
import { ListObjectsV2Command } from '../../../packages/aws/src/s3-client';
import { startFakeAws, type FakeAws } from '../../support/fake-aws';
import { startS3ListEndpoint, type S3ListEndpoint } from '../../support/s3-list-endpoint';

const EXAMPLE = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const AT = new Date('2015-08-30T12:36:00Z');

describe('Signature Version 4 matches AWS', () => {
  it.each([
    {
      name: "AWS's test suite: get-vanilla-query-order-key-case",
      request: {
        method: 'GET' as const,
        url: new URL('https://example.amazonaws.com/?Param2=value2&Param1=value1'),
        service: 'service',
        region: 'us-east-1',
        credentials: EXAMPLE,
      },
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, ' +
        'Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    },
    {
      name: "AWS's documentation example (IAM ListUsers)",
      request: {
        method: 'GET' as const,
        url: new URL('https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08'),
        service: 'iam',
        region: 'us-east-1',
        credentials: EXAMPLE,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      },
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    },
    {
      // The expected value is what the SDK's own signer (@smithy/signature-v4) gives.
      name: 'S3: encoded key and query, session token, payload hash header',
      request: {
        method: 'GET' as const,
        s3: true,
        url: new URL(
          'https://b.s3.eu-west-1.amazonaws.com/a%20b/c~d.json?list-type=2&prefix=x%2Fy%20z&continuation-token=a%2Bb%3D',
        ),
        service: 's3',
        region: 'eu-west-1',
        credentials: { ...EXAMPLE, sessionToken: 'TOKEN' },
      },
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/s3/aws4_request, ' +
        'SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, ' +
        'Signature=cb7e781afec07a292da7d5d64c825ab0b3699a2830fba571579f817b4866c5e1',
    },
  ])('$name', ({ request, authorization }) => {
    const headers = signatureHeaders(
      { ...request, connectTimeoutMs: 1000, requestTimeoutMs: 1000 },
      AT,
    );
    expect(headers.authorization).toBe(authorization);
  });
});

describe('direct calls only where the SDK would do the same thing', () => {
  it.each([
    [{ AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9/' }, 'eu-west-1', 'http://127.0.0.1:9/'],
    [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:8/' }, 'eu-west-1', 'http://127.0.0.1:8/'],
    [{}, 'eu-west-1', 'https://sts.eu-west-1.amazonaws.com/'],
    [{}, 'cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn/'],
    [{ AWS_USE_FIPS_ENDPOINT: 'true' }, 'us-east-1', undefined],
    [{ AWS_USE_DUALSTACK_ENDPOINT: 'true' }, 'us-east-1', undefined],
    [{}, 'us-gov-west-1', undefined],
    [{}, 'not a region', undefined],
  ])('STS endpoint with %j in %s: %s', (env, region, expected) => {
    expect(directEndpoint('STS', 'sts', region, env)?.href).toBe(expected);
  });

  it.each([
    [undefined, { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's' }, 'AKIA1'],
    [{ accessKeyId: 'AKIA2', secretAccessKey: 's' }, { AWS_ACCESS_KEY_ID: 'AKIA1' }, 'AKIA2'],
    // A provider function, a profile or nothing at all: the SDK's chain decides.
    [async () => EXAMPLE, { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's' }, undefined],
    [undefined, { AWS_PROFILE: 'dev' }, undefined],
    [undefined, { AWS_ACCESS_KEY_ID: 'AKIA1' }, undefined],
  ])('credentials %p with %j: %s', (explicit, env, expected) => {
    expect(directCredentials(explicit, env)?.accessKeyId).toBe(expected);
  });
});

describe('direct clients against the local endpoints', () => {
  let aws: FakeAws;
  let s3: S3ListEndpoint;
  const saved = { ...process.env };
  beforeAll(async () => {
    aws = await startFakeAws();
    s3 = await startS3ListEndpoint({
      'cat-data-dev': { 'cat-be/datasets/a&b <c>/1b_raw/x.csv': 'x', 'cat-be/plain.csv': 'y' },
    });
    Object.assign(process.env, aws.env, s3.env, {
      AWS_ACCESS_KEY_ID: 'AKIASOURCE',
      AWS_SECRET_ACCESS_KEY: 'source-secret',
    });
  });
  afterAll(async () => {
    process.env = saved;
    await aws.stop();
    await s3.stop();
  });

  it('environment credentials: AssumeRole goes out directly, signed with them', async () => {
    aws.reset();
    const sts = await createStsClient({ region: 'eu-west-1', maxAttempts: 1 });
    const output = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/cat-dev',
        RoleSessionName: 'gha-cat-be-1-1',
      }),
    );
    sts.destroy();
    expect(output.Credentials?.SessionToken).toBe(aws.issued.at(-1)!.sessionToken);
    expect(aws.requests[0].accessKeyId).toBe('AKIASOURCE');
    expect(String(aws.requests[0].headers['user-agent'] ?? '')).not.toMatch(/aws-sdk-js/);
  });

  it('a credential provider: the same call through the SDK', async () => {
    aws.reset();
    const sts = await createStsClient({
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: async () => ({ accessKeyId: 'AKIAPROVIDED', secretAccessKey: 'x' }),
    });
    const output = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/cat-dev',
        RoleSessionName: 'gha-cat-be-1-1',
      }),
    );
    sts.destroy();
    expect(output.Credentials?.AccessKeyId).toBe(aws.issued.at(-1)!.accessKeyId);
    expect(aws.requests[0].accessKeyId).toBe('AKIAPROVIDED');
    expect(String(aws.requests[0].headers['user-agent'])).toMatch(/aws-sdk-js/);
  });

  it('ListObjectsV2: keys with XML entities and common prefixes come back as S3 wrote them', async () => {
    const client = await createS3Client({ maxAttempts: 1 });
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: 'cat-data-dev', Prefix: 'cat-be/', Delimiter: '/' }),
    );
    const all = await client.send(new ListObjectsV2Command({ Bucket: 'cat-data-dev' }));
    client.destroy();
    expect(page.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['cat-be/datasets/']);
    expect(page.Contents?.map((o) => [o.Key, o.Size])).toEqual([['cat-be/plain.csv', 1]]);
    expect(page.IsTruncated).toBe(false);
    expect(all.Contents?.map((o) => o.Key)).toContain('cat-be/datasets/a&b <c>/1b_raw/x.csv');
  });

  it('a missing bucket fails as the SDK fails: code, status', async () => {
    const client = await createS3Client({ maxAttempts: 1 });
    const error = await client
      .send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' }))
      .catch((e) => e);
    client.destroy();
    expect(error.name).toBe('NoSuchBucket');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});
