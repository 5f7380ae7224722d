import { InputError } from './errors';
import type { Environment } from './project';

// arn:<partition>:iam::<12-digit account>:role/<optional path/>name  (IAM name rules: [\w+=,.@-]{1,64})
const ROLE_ARN =
  /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ROLE_ARN_EXAMPLE = 'arn:aws:iam::123456789012:role/cat-scraper-dev';

export function isRoleArn(value: string): boolean {
  return ROLE_ARN.test(value);
}

export function validateRoleArn(value: string, input: string): string {
  if (!isRoleArn(value)) {
    throw new InputError({
      input,
      received: value,
      expected: 'an IAM role ARN arn:aws:iam::<12-digit account id>:role/<name>',
      example: ROLE_ARN_EXAMPLE,
    });
  }
  return value;
}

export interface RoleArns {
  dev?: string;
  prod?: string;
}

/** DEV runs with the DEV role, PROD with the PROD role; the other one is never consulted. */
export function roleArnFor(environment: Environment, arns: RoleArns): string {
  const input = environment === 'DEV' ? 'dev-role-arn' : 'prod-role-arn';
  const value = (environment === 'DEV' ? arns.dev : arns.prod)?.trim() ?? '';
  if (value === '') {
    const variable = environment === 'DEV' ? 'DEV_ROLE_ARN' : 'PROD_ROLE_ARN';
    throw new InputError({
      input,
      expected: `the role ARN for ${environment} (the input, or the ${variable} variable)`,
      example: ROLE_ARN_EXAMPLE,
    });
  }
  return validateRoleArn(value, input);
}
