import { describe, expect, it } from '@jest/globals';
import {
  InputError,
  parseRequiredParts,
  validateBucketName,
  validateRegion,
  validateTenantName,
} from '@cat-actions/core';
import {
  chooseCredentialSource,
  sanitizeTagValue,
  sessionTags,
  tokenSubject,
  validateDurationSeconds,
} from '@cat-actions/aws';

describe('session tag values are sanitized to what STS accepts', () => {
  it.each([
    ['cat-be', 'cat-be'],
    ['acme/cat data', 'acme/cat data'],
    ['acme/pipe"lines#1', 'acme/pipe_lines_1'],
    ['  DEV  ', 'DEV'],
    ['ünïcødé', 'ünïcødé'],
    ['x'.repeat(300), 'x'.repeat(256)],
  ])('%s -> %s', (value, expected) => {
    expect(sanitizeTagValue(value)).toBe(expected);
  });

  it('tags tenant, environment, repository and run-id; empty ones are left out', () => {
    expect(
      sessionTags({ tenant: 'cat-be', environment: '', repository: 'a/b', runId: '7' }),
    ).toEqual([
      { Key: 'tenant', Value: 'cat-be' },
      { Key: 'repository', Value: 'a/b' },
      { Key: 'run-id', Value: '7' },
    ]);
  });
});

describe('source credentials: OIDC only when the job can get a token and nothing else is set', () => {
  const oidc = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' };
  it.each([
    [oidc, 'github-oidc'],
    [{ ...oidc, AWS_ACCESS_KEY_ID: 'AKIA1234' }, 'provider-chain'],
    [{ ...oidc, AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token' }, 'provider-chain'],
    [{ ...oidc, AWS_PROFILE: 'ci' }, 'provider-chain'],
    [{ ...oidc, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' }, 'provider-chain'],
    [{ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x' }, 'provider-chain'],
    [{}, 'provider-chain'],
  ])('%j -> %s', (env, kind) => {
    expect(chooseCredentialSource(env).kind).toBe(kind);
  });

  it('describes environment keys by their last 4 characters only', () => {
    expect(chooseCredentialSource({ AWS_ACCESS_KEY_ID: 'AKIAABCDEFGH1234' })).toEqual({
      kind: 'provider-chain',
      description: 'environment credentials (access key ending in 1234)',
    });
  });

  it('reads the subject of a token, and nothing from junk', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'repo:a/b:ref:refs/heads/main' })).toString(
      'base64url',
    );
    expect(tokenSubject(`e30.${payload}.sig`)).toBe('repo:a/b:ref:refs/heads/main');
    expect(tokenSubject('not-a-jwt')).toBeUndefined();
  });
});

describe('region and duration are checked before any request', () => {
  it.each(['us-east-1', 'eu-central-2', 'us-gov-west-1', 'ap-southeast-4'])(
    '%s is a region',
    (r) => {
      expect(validateRegion(r)).toBe(r);
    },
  );
  it.each(['', 'Europe', 'us-east', 'US-EAST-1', 'us_east_1'])('%j is not', (r) => {
    expect(() => validateRegion(r)).toThrow(InputError);
  });
  it.each([
    ['900', 900],
    ['3600', 3600],
    ['43200', 43200],
  ])('%s seconds -> %i', (value, seconds) => {
    expect(validateDurationSeconds(value)).toBe(seconds);
  });
  it.each(['899', '43201', '1h', '', '3600.5', '-900'])('%j seconds is refused', (value) => {
    expect(() => validateDurationSeconds(value)).toThrow(
      /expected a whole number of seconds from 900/,
    );
  });
});

describe('latest-dataset inputs', () => {
  it.each([
    ['', []],
    ['3b', ['3b']],
    ['1b,2b,3b', ['1b', '2b', '3b']],
    [' 2b_clean , 1b* ', ['2b_clean', '1b']],
    ['*', []],
  ])('require %j -> %j', (value, parts) => {
    expect(parseRequiredParts(value)).toEqual(parts);
  });
  it.each(['4b', '2b,x', '../1b', '2b**'])('require %j is refused', (value) => {
    expect(() => parseRequiredParts(value)).toThrow(/Input 'require'/);
  });
  it.each(['cat-data-dev', 'a.b-c', 'abc'])('bucket %j is a bucket name', (bucket) => {
    expect(validateBucketName(bucket)).toBe(bucket);
  });
  it.each(['', 'ab', 'Cat-Data', 'cat_data', 'cat..data', '-cat', 'x'.repeat(64)])(
    'bucket %j is not',
    (bucket) => {
      expect(() => validateBucketName(bucket)).toThrow(/Input 'bucket'/);
    },
  );
  it.each(['cat-be', 'cat_ks', 'cat.x', 'c1'])('tenant %j is a tenant name', (tenant) => {
    expect(validateTenantName(tenant)).toBe(tenant);
  });
  it.each(['', 'CAT-BE', 'cat/be', 'cat be', '..', '-cat'])('tenant %j is not', (tenant) => {
    expect(() => validateTenantName(tenant)).toThrow(/Input 'tenant'/);
  });
});
