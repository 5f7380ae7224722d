import { describe, expect, it } from '@jest/globals';
import {
  InputError,
  isBucketName,
  resolveTenant,
  validateBucketName,
  validateBucketPrefix,
  validateRegion,
  validateSecretName,
  validateSecretSuffix,
  validateTenantName,
} from '@cat-actions/core';

describe('bucket names follow S3 general purpose naming rules', () => {
  it.each(['cat-data-dev', 'a.b-c', 'abc', 'x'.repeat(63), '1bucket9'])('%j is one', (name) => {
    expect(validateBucketName(name)).toBe(name);
  });
  it.each([
    ['too short', 'ab'],
    ['too long', 'x'.repeat(64)],
    ['upper case', 'Bad_Bucket'],
    ['underscore', 'cat_data'],
    ['two dots', 'cat..data'],
    ['starts with a hyphen', '-cat'],
    ['ends with a dot', 'cat.'],
    ['an IP address', '192.168.5.4'],
    ['reserved prefix xn--', 'xn--cat'],
    ['reserved prefix sthree-', 'sthree-cat'],
    ['reserved suffix -s3alias', 'cat-s3alias'],
    ['reserved suffix --ol-s3', 'cat--ol-s3'],
    ['a space', 'cat data'],
    ['a newline', 'cat\ndata'],
  ])('%s (%j) is not', (_case, name) => {
    expect(isBucketName(name)).toBe(false);
    expect(() => validateBucketName(name)).toThrow(
      /^Input 'bucket' is .*: expected an S3 bucket name/,
    );
  });
  it('an empty bucket says where it comes from, without echoing', () => {
    expect(() => validateBucketName('')).toThrow(
      /^Input 'bucket': expected .*S3_BUCKET_NAME from find-bucket/,
    );
  });
  it.each(['cat-scraper-data-', 'c', 'cat.data'])('prefix %j is the start of a name', (p) => {
    expect(validateBucketPrefix(p)).toBe(p);
  });
  it.each(['Cat', 'cat_', 'xn--a', '-a', 'a..b', 'x'.repeat(64)])('prefix %j is not', (p) => {
    expect(() => validateBucketPrefix(p)).toThrow(InputError);
  });
});

describe('regions: one pattern for every action (the tunnel included)', () => {
  it.each(['us-east-1', 'eu-central-2', 'us-gov-west-1', 'ap-southeast-4', 'cn-north-1'])(
    '%s is a region',
    (r) => expect(validateRegion(r)).toBe(r),
  );
  it.each(['', 'Europe', 'us-east', 'US-EAST-1', 'us_east_1', 'eu-west-1\n'])('%j is not', (r) => {
    if (r.trim() === r) expect(() => validateRegion(r)).toThrow(InputError);
    else expect(validateRegion(r)).toBe('eu-west-1');
  });
});

describe('tenant names', () => {
  it.each(['cat-be', 'cat_ks', 'cat.x', 'c1', 'x'.repeat(64)])('%j is a tenant name', (t) => {
    expect(validateTenantName(t)).toBe(t);
  });
  it.each([
    '',
    'LEAK!',
    'leak!',
    '..',
    'CAT-BE',
    'cat/be',
    'cat be',
    '-cat',
    'a..b',
    'x'.repeat(65),
  ])('%j is not', (t) => expect(() => validateTenantName(t)).toThrow(/Input 'tenant'/));
});

describe('secret names follow Secrets Manager: 1 to 512 of letters, digits and /_+=.@-', () => {
  it.each([
    'cat-be-scraper-secrets',
    'prod/cat-be/db+x=y@z.1',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cat-be-scraper-secrets-AbCdEf',
  ])('%j is one', (name) => expect(validateSecretName(name)).toBe(name));
  it.each([
    ['HTML', '<b>x</b>'],
    ['a newline', 'cat\nbe'],
    ['a space', 'cat be'],
    ['a quote', 'cat"be'],
    ['513 characters', 'x'.repeat(513)],
  ])('%s is refused', (_case, name) => {
    expect(() => validateSecretName(name)).toThrow(
      /^Input 'secret-name'.*expected a Secrets Manager/,
    );
  });
  it('a 100 KB value is refused without echoing it whole', () => {
    const error = (() => {
      try {
        validateSecretName('<i>'.repeat(34_000));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message.length).toBeLessThan(600);
    expect(error?.message).toMatch(/… \(102000 characters\)/);
  });
  it.each(['-scraper-secrets', '/db', '_x'])('suffix %j is one', (s) => {
    expect(validateSecretSuffix(s)).toBe(s);
  });
  it.each(['', '-a b', '<script>', 'x\ny', 'x'.repeat(257)])('suffix %j is not', (s) => {
    expect(() => validateSecretSuffix(s)).toThrow(/Input 'secret-suffix'/);
  });
});

describe('resolveTenant applies the same rules', () => {
  const base = { devRoleArn: 'arn:aws:iam::123456789012:role/dev' };
  it('refuses a project whose tenant name another step would refuse', () => {
    expect(() => resolveTenant({ ...base, project: 'DEV:LEAK!' })).toThrow(
      /^Input 'project' is "DEV:LEAK!": expected a project folder of letters/,
    );
  });
  it.each([
    ['secretName', '<img src=x onerror=alert(1)>', /Input 'secret-name'/],
    ['secretName', 'a\nb', /Input 'secret-name'/],
    ['secretSuffix', '-x<b>', /Input 'secret-suffix'/],
  ])('refuses %s %j', (field, value, message) => {
    expect(() => resolveTenant({ ...base, project: 'DEV:CAT-BE-DEV', [field]: value })).toThrow(
      message,
    );
  });
  it('keeps a good explicit secret name', () => {
    expect(
      resolveTenant({ ...base, project: 'DEV:CAT-BE-DEV', secretName: 'prod/cat-be' }).secretName,
    ).toBe('prod/cat-be');
  });
});
