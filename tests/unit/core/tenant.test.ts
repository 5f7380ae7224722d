import { describe, expect, it } from '@jest/globals';
import { InputError, resolveTenant } from '@cat-actions/core';

const devRoleArn = 'arn:aws:iam::123456789012:role/cat-dev';
const prodRoleArn = 'arn:aws:iam::210987654321:role/cat-prod';

describe('resolveTenant: every name from the project spec', () => {
  it.each([
    ['DEV:CAT-BE-DEV', 'DEV', 'CAT-BE-DEV', 'cat-be', devRoleArn],
    ['PROD:CAT-BE', 'PROD', 'CAT-BE', 'cat-be', prodRoleArn],
    ['DEV:CAT-DEVOPS', 'DEV', 'CAT-DEVOPS', 'cat-devops', devRoleArn],
  ])('%s', (project, environment, projectDir, tenant, roleArn) => {
    expect(
      resolveTenant({ project, devRoleArn, prodRoleArn, runId: '42', runAttempt: '1' }),
    ).toEqual({
      environment,
      projectDir,
      tenant,
      secretName: `${tenant}-scraper-secrets`,
      roleArn,
      sessionName: `gha-${tenant}-42-1`,
    });
  });

  it('accepts environment + project-dir instead of project', () => {
    expect(resolveTenant({ environment: 'prod', projectDir: 'CAT-KS', prodRoleArn }).tenant).toBe(
      'cat-ks',
    );
  });

  it.each([
    [{}, /Input 'project': expected ENV:PROJECT_DIR/],
    [{ project: 'DEV:A', environment: 'DEV' }, /not both/],
    [{ projectDir: 'A' }, /Input 'environment'/],
    [{ environment: 'DEV' }, /Input 'project-dir'/],
  ])('rejects %j', (request, message) => {
    expect(() => resolveTenant({ ...request, devRoleArn })).toThrow(InputError);
    expect(() => resolveTenant({ ...request, devRoleArn })).toThrow(message);
  });
});
