import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SECRET_SUFFIX, secretName, tenantName } from '@cat-actions/core';

describe('TENANT_NAME: PROJECT_DIR lower-cased, one trailing -dev removed', () => {
  it.each([
    ['CAT-BE-DEV', 'cat-be'],
    ['CAT-BE', 'cat-be'],
    ['CAT-KS', 'cat-ks'],
    ['CAT-DEVOPS', 'cat-devops'],
    ['CAT-DEV-DEV', 'cat-dev'],
    ['cat-be-dev', 'cat-be'],
    ['CAT-BE-Dev', 'cat-be'],
    ['CAT-BEDEV', 'cat-bedev'],
    ['DEV', 'dev'],
  ])('%s -> %s', (dir, tenant) => {
    expect(tenantName(dir)).toBe(tenant);
  });
});

describe('SECRET_NAME: tenant + suffix unless given explicitly', () => {
  it.each([
    ['cat-be', DEFAULT_SECRET_SUFFIX, undefined, 'cat-be-scraper-secrets'],
    ['cat-ks', '-other', undefined, 'cat-ks-other'],
    ['cat-be', DEFAULT_SECRET_SUFFIX, 'shared/secret', 'shared/secret'],
    ['cat-be', DEFAULT_SECRET_SUFFIX, '  ', 'cat-be-scraper-secrets'],
  ])('%s + %s (explicit %j) -> %s', (tenant, suffix, explicit, expected) => {
    expect(secretName(tenant, suffix, explicit)).toBe(expected);
  });
});
