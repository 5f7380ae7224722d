import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorLines, makeWorkspace, runAction } from '../support/action-runner';
import { startHttpRecorder } from '../support/http-recorder';

const DEV_ROLE_ARN = 'arn:aws:iam::123456789012:role/cat-dev';
const PROD_ROLE_ARN = 'arn:aws:iam::210987654321:role/cat-prod';
const roles = { DEV_ROLE_ARN, PROD_ROLE_ARN, GITHUB_RUN_ID: '777', GITHUB_RUN_ATTEMPT: '1' };

let workspace: string;
beforeAll(() => {
  workspace = makeWorkspace(['CAT-BE-DEV', 'CAT-BE', 'CAT-DEVOPS']);
});

describe('resolve-tenant bundle: outputs and exported variables', () => {
  it.each([
    ['DEV:CAT-BE-DEV', 'DEV', 'CAT-BE-DEV', 'cat-be', DEV_ROLE_ARN],
    ['PROD:CAT-BE', 'PROD', 'CAT-BE', 'cat-be', PROD_ROLE_ARN],
    ['DEV:CAT-DEVOPS', 'DEV', 'CAT-DEVOPS', 'cat-devops', DEV_ROLE_ARN],
  ])('%s', async (project, environment, projectDir, tenant, roleArn) => {
    const result = await runAction('resolve-tenant', {
      inputs: { project },
      workspace,
      env: roles,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      environment,
      'project-dir': projectDir,
      'project-path': `Project/${projectDir}`,
      'projects-root': 'Project',
      tenant,
      'secret-name': `${tenant}-scraper-secrets`,
      'role-arn': roleArn,
      'session-name': `gha-${tenant}-777-1`,
    });
    expect(result.exportedEnv).toEqual({
      ENVIRONMENT: environment,
      PROJECT_DIR: projectDir,
      PROJECTS_ROOT: 'Project',
      TENANT_NAME: tenant,
      SECRET_NAME: `${tenant}-scraper-secrets`,
      ROLE_ARN: roleArn,
    });
    expect(result.summary).toContain(`Tenant ${tenant}`);
    expect(errorLines(result.log)).toEqual([]);
  });

  it('takes role ARNs, secret name and environment + project-dir from inputs', async () => {
    const result = await runAction('resolve-tenant', {
      inputs: {
        environment: 'PROD',
        'project-dir': 'CAT-BE',
        'prod-role-arn': 'arn:aws:iam::111111111111:role/override',
        'secret-name': 'explicit-secret',
        'export-env': 'false',
      },
      workspace,
      env: roles,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['role-arn']).toBe('arn:aws:iam::111111111111:role/override');
    expect(result.outputs['secret-name']).toBe('explicit-secret');
    expect(result.exportedEnv).toEqual({});
  });
});

describe('resolve-tenant bundle: the projects root is handed on as resolved', () => {
  it('finds the project under a custom root and outputs that root, normalised', async () => {
    const custom = makeWorkspace(['CAT-BE-DEV'], 'tenants/Project');
    const result = await runAction('resolve-tenant', {
      inputs: { project: 'DEV:CAT-BE-DEV', 'projects-root': './tenants//Project/' },
      workspace: custom,
      env: roles,
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs['project-path']).toBe('tenants/Project/CAT-BE-DEV');
    expect(result.outputs['projects-root']).toBe('tenants/Project');
    expect(result.exportedEnv.PROJECTS_ROOT).toBe('tenants/Project');
  });

  it('does not find an old-layout project under a custom root', async () => {
    const result = await runAction('resolve-tenant', {
      inputs: { project: 'DEV:CAT-BE-DEV', 'projects-root': 'tenants' },
      workspace,
      env: roles,
    });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result.log).join('\n')).toMatch(/tenants\/CAT-BE-DEV does not exist/);
    expect(result.outputs).toEqual({});
  });
});

describe('resolve-tenant bundle: bad input fails with one ::error:: and writes nothing', () => {
  it.each([
    [
      'unknown environment',
      { project: 'TEST:CAT-BE' },
      roles,
      /Input 'project' is "TEST:CAT-BE": expected ENV:PROJECT_DIR with ENV DEV or PROD/,
    ],
    [
      'missing colon',
      { project: 'CAT-BE-DEV' },
      roles,
      /expected ENV:PROJECT_DIR.*e\.g\. "DEV:CAT-BE-DEV"/,
    ],
    [
      'empty directory',
      { project: 'DEV:' },
      roles,
      /Input 'project' is "DEV:": expected ENV:PROJECT_DIR with PROJECT_DIR a folder name/,
    ],
    ['traversal', { project: 'DEV:../../etc' }, roles, /PROJECT_DIR a folder name under Project\//],
    [
      'non-existent directory',
      { project: 'DEV:CAT-NOPE' },
      roles,
      /Project\/CAT-NOPE does not exist.*Projects found there: CAT-BE, CAT-BE-DEV, CAT-DEVOPS/,
    ],
    ['wrong case', { project: 'DEV:cat-be-dev' }, roles, /case-sensitive/],
    [
      'malformed role ARN',
      { project: 'DEV:CAT-BE-DEV' },
      { ...roles, DEV_ROLE_ARN: 'arn:aws:iam::1:role/x' },
      /Input 'dev-role-arn' is "arn:aws:iam::1:role\/x": expected an IAM role ARN.*e\.g\./,
    ],
    [
      'missing role ARN',
      { project: 'PROD:CAT-BE' },
      { ...roles, PROD_ROLE_ARN: '' },
      /Input 'prod-role-arn': expected the role ARN for PROD/,
    ],
    [
      'bad export-env',
      { project: 'DEV:CAT-BE-DEV', 'export-env': 'maybe' },
      roles,
      /Input 'export-env' is "maybe": expected true or false/,
    ],
    [
      'escaping projects-root',
      { project: 'DEV:CAT-BE-DEV', 'projects-root': '../x' },
      roles,
      /Input 'projects-root'/,
    ],
  ])('%s', async (_case, inputs, env, message) => {
    const result = await runAction('resolve-tenant', { inputs, workspace, env });
    expect(result.exitCode).not.toBe(0);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(result.outputs).toEqual({});
    expect(result.exportedEnv).toEqual({});
  });
});

describe('resolve-tenant bundle: re-runs of an old commit', () => {
  let api: Awaited<ReturnType<typeof startHttpRecorder>>;
  beforeAll(async () => {
    api = await startHttpRecorder((request) =>
      request.url === '/repos/acme/tenant-repo/branches/main'
        ? { status: 200, body: { name: 'main', commit: { sha: 'b'.repeat(40) } } }
        : { status: 404, body: { message: 'Not Found' } },
    );
  });
  afterAll(() => api.close());

  const rerun = (sha: string, apiUrl: string, attempt = '2') => ({
    ...roles,
    GITHUB_RUN_ATTEMPT: attempt,
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REPOSITORY: 'acme/tenant-repo',
    GITHUB_API_URL: apiUrl,
    RUNNER_DEBUG: '1',
  });

  it('warns when the branch has moved on', async () => {
    const result = await runAction('resolve-tenant', {
      inputs: { project: 'DEV:CAT-BE-DEV', 'github-token': 'ghs_test' },
      workspace,
      env: rerun('a'.repeat(40), api.url),
    });
    expect(result.exitCode).toBe(0);
    expect(result.log).toMatch(
      /::warning title=Re-run of an old commit::.*runs commit aaaaaaa, but main is now at bbbbbbb/,
    );
    expect(api.requests.at(-1)?.headers.authorization).toBe('token ghs_test');
  });

  it('stays quiet when the commit is still the head', async () => {
    const result = await runAction('resolve-tenant', {
      inputs: { project: 'DEV:CAT-BE-DEV', 'github-token': 'ghs_test' },
      workspace,
      env: rerun('b'.repeat(40), api.url),
    });
    expect(result.exitCode).toBe(0);
    expect(result.log).not.toContain('::warning');
  });

  it('does not ask the API on a first attempt', async () => {
    const before = api.requests.length;
    await runAction('resolve-tenant', {
      inputs: { project: 'DEV:CAT-BE-DEV', 'github-token': 'ghs_test' },
      workspace,
      env: rerun('a'.repeat(40), api.url, '1'),
    });
    expect(api.requests.length).toBe(before);
  });

  it('says so in a debug line and goes on when the API cannot be reached', async () => {
    const result = await runAction('resolve-tenant', {
      inputs: { project: 'DEV:CAT-BE-DEV', 'github-token': 'ghs_test' },
      workspace,
      env: rerun('a'.repeat(40), 'http://127.0.0.1:9'),
    });
    expect(result.exitCode).toBe(0);
    expect(result.log).toMatch(/::debug::Could not reach the GitHub API/);
    expect(result.log).not.toContain('::warning');
  });
});
