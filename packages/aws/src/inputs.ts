/** Checks of AWS-shaped inputs, made before any request so a typo fails in milliseconds. */
import { InputError } from '@cat-actions/core';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function validateRegion(value: string, input = 'region'): string {
  const region = value.trim();
  if (!REGION.test(region)) {
    throw new InputError({
      input,
      received: value,
      expected: 'an AWS region code',
      example: 'eu-west-1',
    });
  }
  return region;
}

/** STS allows 900 s to 12 h; the role's own maximum (1 h by default) may be lower. */
export function validateDurationSeconds(value: string, input = 'duration-seconds'): number {
  const seconds = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || seconds < 900 || seconds > 43_200) {
    throw new InputError({
      input,
      received: value,
      expected: 'a whole number of seconds from 900 (15 minutes) to 43200 (12 hours)',
      example: '3600',
    });
  }
  return seconds;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function validateBucketName(value: string, input = 'bucket'): string {
  const bucket = value.trim();
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new InputError({
      input,
      received: value,
      expected:
        'an S3 bucket name, 3 to 63 lower-case letters, digits, dots and hyphens (the input, or S3_BUCKET_NAME from find-bucket)',
      example: 'cat-scraper-data-dev',
    });
  }
  return bucket;
}

/** Tenant names are lower-cased project folder names: they become the first level of every key. */
const TENANT = /^[a-z0-9][a-z0-9._-]*$/;

export function validateTenantName(value: string, input = 'tenant'): string {
  const tenant = value.trim();
  if (!TENANT.test(tenant) || tenant.includes('..')) {
    throw new InputError({
      input,
      received: value,
      expected:
        'a tenant name: lower-case letters, digits, dot, underscore and hyphen (the input, or TENANT_NAME from resolve-tenant)',
      example: 'cat-be',
    });
  }
  return tenant;
}

/**
 * `3b, 2b_clean` -> ['3b', '2b_clean']; each must start a part folder name (1b, 2b, 3b). A
 * trailing `*` is accepted and dropped, as run-stage's part patterns (`1b*`) are written that way.
 */
export function parseRequiredParts(value: string, input = 'require'): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim().replace(/\*$/, ''))
    .filter(Boolean);
  for (const item of items) {
    if (!/^[1-3]b[\w.-]*$/.test(item) || item.includes('..')) {
      throw new InputError({
        input,
        received: value,
        expected: 'comma-separated part prefixes, each starting with 1b, 2b or 3b (empty for any)',
        example: '2b,3b',
      });
    }
  }
  return items;
}
