/**
 * The environment every step of the demo gets besides the services': what a GitHub runner sets for
 * a workflow_dispatch run, the runner's own (static) AWS keys, and nothing of this machine's AWS
 * setup.
 */
import path from 'node:path';

/** Source credentials the runner would have (static keys); assume-role trades them at fake STS. */
export const SOURCE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIADEMOSOURCE000001',
  AWS_SECRET_ACCESS_KEY: 'demo-source-secret-not-real',
};

/**
 * This machine's own AWS identity, OIDC or cache settings must not reach the steps: a step would
 * then talk to AWS instead of the local services. Unset (an empty AWS_PROFILE breaks the aws CLI).
 */
const MACHINE_SETTINGS = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
];

export function isolateFromMachine(dir: string): Record<string, string> {
  for (const name of MACHINE_SETTINGS) delete process.env[name];
  return {
    // No ~/.aws config or credentials file, no instance metadata lookups.
    AWS_CONFIG_FILE: path.join(dir, 'aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // pipenv's environments stay in the demo's folder, not in the home directory.
    WORKON_HOME: path.join(dir, 'virtualenvs'),
  };
}

/** What the runner sets for a workflow_dispatch run. */
export function githubEnv(): Record<string, string> {
  const runId = String(Math.floor(Date.now() / 1000));
  return {
    GITHUB_REPOSITORY: 'local/cat-tenant-demo',
    GITHUB_WORKFLOW: 'demo',
    GITHUB_JOB: 'demo',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_ACTOR: 'demo',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
  };
}
