import { checkedInput } from './errors';

export const DEFAULT_SECRET_SUFFIX = '-scraper-secrets';

/** `CAT-BE-DEV` -> `cat-be`: lower-cased, one trailing `-dev` removed (DEV and PROD share a tenant). */
export function tenantName(projectDir: string): string {
  const lower = projectDir.toLowerCase();
  return lower.endsWith('-dev') && lower.length > 4 ? lower.slice(0, -4) : lower;
}

/**
 * Tenant names become the first level of every S3 key (`<tenant>/datasets/...`), a secret name
 * and a session tag: 1 to 64 lower-case letters, digits, `.`, `_` and `-`, starting with a letter
 * or digit, never `..`. The same rule holds wherever a tenant is read (resolve-tenant derives it,
 * latest-dataset and run-stage take it), so no step can publish where another refuses to read.
 */
const TENANT = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function isTenantName(value: string): boolean {
  return TENANT.test(value) && !value.includes('..');
}

export function validateTenantName(value: string, input = 'tenant'): string {
  return checkedInput(value, isTenantName, {
    input,
    expected:
      'a tenant name: 1 to 64 lower-case letters, digits, ".", "_" and "-", starting with a letter ' +
      'or digit (the input, or TENANT_NAME from resolve-tenant)',
    example: 'cat-be',
  });
}

/** The tenant's Secrets Manager secret: an explicit name wins, else tenant + suffix. */
export function secretName(
  tenant: string,
  suffix = DEFAULT_SECRET_SUFFIX,
  explicit?: string,
): string {
  const name = explicit?.trim();
  return name ? name : `${tenant}${suffix}`;
}
