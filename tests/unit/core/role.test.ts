import { describe, expect, it } from '@jest/globals';
import { InputError, isRoleArn, roleArnFor } from '@cat-actions/core';
import type { Environment, RoleArns } from '@cat-actions/core';

const dev = 'arn:aws:iam::123456789012:role/cat-dev';
const prod = 'arn:aws:iam::210987654321:role/pipelines/cat-prod';

describe('ROLE_ARN comes from DEV_ROLE_ARN or PROD_ROLE_ARN by environment', () => {
  it.each([
    ['DEV', dev],
    ['PROD', prod],
  ] as [Environment, string][])('%s -> its own role', (environment, expected) => {
    expect(roleArnFor(environment, { dev, prod })).toBe(expected);
  });

  it.each([
    ['DEV', { prod }, /Input 'dev-role-arn': expected the role ARN for DEV.*DEV_ROLE_ARN/],
    ['PROD', { dev }, /Input 'prod-role-arn': expected the role ARN for PROD.*PROD_ROLE_ARN/],
    ['PROD', { dev, prod: '  ' }, /prod-role-arn/],
  ] as [Environment, RoleArns, RegExp][])(
    '%s without its ARN fails',
    (environment, arns, message) => {
      expect(() => roleArnFor(environment, arns)).toThrow(message);
    },
  );

  it("does not validate the other environment's ARN", () => {
    expect(roleArnFor('DEV', { dev, prod: 'garbage' })).toBe(dev);
  });
});

describe('a role ARN must be a valid IAM role ARN', () => {
  it.each([
    dev,
    prod,
    'arn:aws-cn:iam::123456789012:role/x',
    'arn:aws-us-gov:iam::123456789012:role/a+b=c,d.e@f-g_h',
  ])('accepts %s', (arn) => expect(isRoleArn(arn)).toBe(true));

  it.each([
    'arn:aws:iam::12345678901:role/short-account',
    'arn:aws:iam::123456789012:user/someone',
    'arn:aws:s3:::bucket',
    'arn:aws:iam::123456789012:role/',
    'arn:aws:iam::123456789012:role/has space',
    `arn:aws:iam::123456789012:role/${'x'.repeat(65)}`,
    'cat-dev',
    '',
  ])('rejects %j with an example', (arn) => {
    expect(isRoleArn(arn)).toBe(false);
    const attempt = () => roleArnFor('DEV', { dev: arn || 'x' });
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(/e\.g\. "arn:aws:iam::123456789012:role\//);
  });
});
