/**
 * Bad inputs of the six actions other than run-stage (run-stage has its own suite): every case
 * runs the committed bundle and must end with exactly one `::error::` that names the input (or
 * variable) and says what was expected, exit code 1, nothing in GITHUB_OUTPUT, GITHUB_ENV or the
 * step summary, and no network call: every endpoint an action could reach (AWS services, the OIDC
 * token service, Slack) points at a recording server that must see no request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { errorLines, makeWorkspace, runAction } from '../support/action-runner';
import { startHttpRecorder } from '../support/http-recorder';

type Recorder = Awaited<ReturnType<typeof startHttpRecorder>>;

interface BadInput {
  action: string;
  /** What is wrong, for the test name. */
  what: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** The input (or variable) the one error must name. */
  input: string;
  /** More the error must say, besides the input's name and "expected". */
  says?: RegExp;
}

const ROLE = 'arn:aws:iam::123456789012:role/cat-scraper-dev';
const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');
const ssh = { mode: 'ssh', 'remote-host': 'db.internal', 'ssh-host': 'bastion.example.com' };
const sshWithKey = { ...ssh, 'ssh-key': KEY };
const ssm = { mode: 'ssm', 'remote-host': 'db.internal', region: 'eu-west-1' };
const slackToken = { token: 'xoxb-123', channel: '#data-alerts' };
const latest = { bucket: 'cat-data-dev', tenant: 'cat-be' };

const CASES: BadInput[] = [
  // resolve-tenant: the project, names derived from it, role ARNs, folders, flags
  { action: 'resolve-tenant', what: 'no project at all', input: 'project' },
  {
    action: 'resolve-tenant',
    what: 'no ENV: part',
    inputs: { project: 'CAT-BE-DEV' },
    input: 'project',
  },
  {
    action: 'resolve-tenant',
    what: 'unknown environment',
    inputs: { project: 'QA:CAT-BE-DEV' },
    input: 'project',
  },
  { action: 'resolve-tenant', what: 'empty folder', inputs: { project: 'DEV:' }, input: 'project' },
  {
    action: 'resolve-tenant',
    what: 'folder with ..',
    inputs: { project: 'DEV:../etc' },
    input: 'project',
  },
  {
    action: 'resolve-tenant',
    what: 'folder with a slash',
    inputs: { project: 'DEV:CAT/BE' },
    input: 'project',
  },
  {
    action: 'resolve-tenant',
    what: 'folder with a space',
    inputs: { project: 'DEV:CAT BE' },
    input: 'project',
  },
  {
    action: 'resolve-tenant',
    what: 'folder with a newline',
    inputs: { project: 'DEV:CAT\nBE' },
    input: 'project',
  },
  {
    action: 'resolve-tenant',
    what: 'tenant LEAK!',
    inputs: { project: 'DEV:LEAK!' },
    input: 'project',
    says: /tenant name/,
  },
  {
    action: 'resolve-tenant',
    what: 'tenant name over 64 characters',
    inputs: { project: `DEV:${'A'.repeat(70)}` },
    input: 'project',
  },
  {
    action: 'resolve-tenant',
    what: 'project and environment both',
    inputs: { project: 'DEV:CAT-BE-DEV', environment: 'DEV' },
    input: 'project',
    says: /not both/,
  },
  {
    action: 'resolve-tenant',
    what: 'environment QA',
    inputs: { environment: 'QA', 'project-dir': 'CAT-BE-DEV' },
    input: 'environment',
  },
  {
    action: 'resolve-tenant',
    what: 'project-dir without environment',
    inputs: { 'project-dir': 'CAT-BE-DEV' },
    input: 'environment',
  },
  {
    action: 'resolve-tenant',
    what: 'project-dir ..',
    inputs: { environment: 'DEV', 'project-dir': '..' },
    input: 'project-dir',
  },
  {
    action: 'resolve-tenant',
    what: 'HTML secret-suffix',
    inputs: { project: 'DEV:CAT-BE-DEV', 'secret-suffix': '<b>x</b>' },
    input: 'secret-suffix',
  },
  {
    action: 'resolve-tenant',
    what: 'secret-suffix with a newline',
    inputs: { project: 'DEV:CAT-BE-DEV', 'secret-suffix': '-a\nb' },
    input: 'secret-suffix',
  },
  {
    action: 'resolve-tenant',
    what: '300-character secret-suffix',
    inputs: { project: 'DEV:CAT-BE-DEV', 'secret-suffix': 'x'.repeat(300) },
    input: 'secret-suffix',
  },
  {
    action: 'resolve-tenant',
    what: 'HTML secret-name',
    inputs: { project: 'DEV:CAT-BE-DEV', 'secret-name': '<script>alert(1)</script>' },
    input: 'secret-name',
  },
  {
    action: 'resolve-tenant',
    what: 'secret-name with a newline',
    inputs: { project: 'DEV:CAT-BE-DEV', 'secret-name': 'cat\nRun=x' },
    input: 'secret-name',
  },
  {
    action: 'resolve-tenant',
    what: '100 KB secret-name',
    inputs: { project: 'DEV:CAT-BE-DEV', 'secret-name': 'x'.repeat(100_000) },
    input: 'secret-name',
    says: /100000 characters/,
  },
  {
    action: 'resolve-tenant',
    what: 'secret-name with a space',
    inputs: { project: 'DEV:CAT-BE-DEV', 'secret-name': 'cat be' },
    input: 'secret-name',
  },
  {
    action: 'resolve-tenant',
    what: 'dev-role-arn not an ARN',
    inputs: { project: 'DEV:CAT-BE-DEV', 'dev-role-arn': 'cat-role' },
    input: 'dev-role-arn',
  },
  {
    action: 'resolve-tenant',
    what: 'no DEV role',
    inputs: { project: 'DEV:CAT-BE-DEV' },
    env: { DEV_ROLE_ARN: '' },
    input: 'dev-role-arn',
  },
  {
    action: 'resolve-tenant',
    what: 'prod-role-arn of a user',
    inputs: { project: 'PROD:CAT-BE', 'prod-role-arn': 'arn:aws:iam::123456789012:user/x' },
    input: 'prod-role-arn',
  },
  {
    action: 'resolve-tenant',
    what: 'projects-root with ..',
    inputs: { project: 'DEV:CAT-BE-DEV', 'projects-root': '../x' },
    input: 'projects-root',
  },
  {
    action: 'resolve-tenant',
    what: 'absolute projects-root',
    inputs: { project: 'DEV:CAT-BE-DEV', 'projects-root': '/etc' },
    input: 'projects-root',
  },
  {
    action: 'resolve-tenant',
    what: 'export-env maybe',
    inputs: { project: 'DEV:CAT-BE-DEV', 'export-env': 'maybe' },
    input: 'export-env',
  },

  // find-bucket
  { action: 'find-bucket', what: 'no prefix', input: 'prefix', says: /BUCKET_PREFIX/ },
  {
    action: 'find-bucket',
    what: 'upper case and underscore',
    inputs: { prefix: 'Cat_Data' },
    input: 'prefix',
  },
  { action: 'find-bucket', what: 'reserved xn--', inputs: { prefix: 'xn--cat' }, input: 'prefix' },
  { action: 'find-bucket', what: 'two dots', inputs: { prefix: 'cat..data' }, input: 'prefix' },
  {
    action: 'find-bucket',
    what: '64 characters',
    inputs: { prefix: 'c'.repeat(64) },
    input: 'prefix',
  },
  { action: 'find-bucket', what: 'a space', inputs: { prefix: 'cat data' }, input: 'prefix' },
  {
    action: 'find-bucket',
    what: 'BUCKET_PREFIX with HTML',
    env: { BUCKET_PREFIX: '<b>' },
    input: 'prefix',
  },
  {
    action: 'find-bucket',
    what: 'region moon-1',
    inputs: { prefix: 'cat-', region: 'moon-1' },
    input: 'region',
  },
  {
    action: 'find-bucket',
    what: 'region upper case',
    inputs: { prefix: 'cat-', region: 'EU-WEST-1' },
    input: 'region',
  },
  {
    action: 'find-bucket',
    what: 'AWS_REGION nowhere',
    inputs: { prefix: 'cat-' },
    env: { AWS_REGION: 'nowhere' },
    input: 'region',
  },
  {
    action: 'find-bucket',
    what: 'export-env y',
    inputs: { prefix: 'cat-', 'export-env': 'y' },
    input: 'export-env',
  },
  {
    action: 'find-bucket',
    what: 'request timeout 0 s',
    inputs: { prefix: 'cat-' },
    env: { CAT_REQUEST_TIMEOUT_SECONDS: '0' },
    input: 'CAT_REQUEST_TIMEOUT_SECONDS',
    says: /from 1 to 120/,
  },
  {
    action: 'find-bucket',
    what: 'retry budget soon',
    inputs: { prefix: 'cat-' },
    env: { CAT_RETRY_BUDGET_SECONDS: 'soon' },
    input: 'CAT_RETRY_BUDGET_SECONDS',
    says: /from 1 to 600/,
  },

  // latest-dataset
  {
    action: 'latest-dataset',
    what: 'no bucket',
    inputs: { tenant: 'cat-be' },
    input: 'bucket',
    says: /S3_BUCKET_NAME/,
  },
  {
    action: 'latest-dataset',
    what: 'bucket Bad_Bucket',
    inputs: { ...latest, bucket: 'Bad_Bucket' },
    input: 'bucket',
  },
  {
    action: 'latest-dataset',
    what: 'bucket ab',
    inputs: { ...latest, bucket: 'ab' },
    input: 'bucket',
  },
  {
    action: 'latest-dataset',
    what: 'bucket as an IP address',
    inputs: { ...latest, bucket: '192.168.1.1' },
    input: 'bucket',
  },
  {
    action: 'latest-dataset',
    what: 'bucket cat..data',
    inputs: { ...latest, bucket: 'cat..data' },
    input: 'bucket',
  },
  {
    action: 'latest-dataset',
    what: 'S3_BUCKET_NAME bad',
    inputs: { tenant: 'cat-be' },
    env: { S3_BUCKET_NAME: 'Cat Data' },
    input: 'bucket',
  },
  {
    action: 'latest-dataset',
    what: 'no tenant',
    inputs: { bucket: 'cat-data-dev' },
    input: 'tenant',
    says: /TENANT_NAME/,
  },
  {
    action: 'latest-dataset',
    what: 'tenant LEAK!',
    inputs: { ...latest, tenant: 'LEAK!' },
    input: 'tenant',
  },
  {
    action: 'latest-dataset',
    what: 'tenant ..',
    inputs: { ...latest, tenant: '..' },
    input: 'tenant',
  },
  {
    action: 'latest-dataset',
    what: 'tenant with a slash',
    inputs: { ...latest, tenant: 'cat/be' },
    input: 'tenant',
  },
  {
    action: 'latest-dataset',
    what: 'tenant upper case',
    inputs: { ...latest, tenant: 'CAT-BE' },
    input: 'tenant',
  },
  {
    action: 'latest-dataset',
    what: 'dataset yesterday',
    inputs: { ...latest, dataset: 'yesterday' },
    input: 'dataset',
  },
  {
    action: 'latest-dataset',
    what: 'dataset 30 February',
    inputs: { ...latest, dataset: '20240230_120000_utc' },
    input: 'dataset',
  },
  {
    action: 'latest-dataset',
    what: 'dataset ../x',
    inputs: { ...latest, dataset: '../x' },
    input: 'dataset',
  },
  {
    action: 'latest-dataset',
    what: 'require 4b',
    inputs: { ...latest, require: '4b' },
    input: 'require',
  },
  {
    action: 'latest-dataset',
    what: 'require with ..',
    inputs: { ...latest, require: '2b,../1b' },
    input: 'require',
  },
  {
    action: 'latest-dataset',
    what: 'strict maybe',
    inputs: { ...latest, strict: 'maybe' },
    input: 'strict',
  },
  {
    action: 'latest-dataset',
    what: 'export-env nope',
    inputs: { ...latest, 'export-env': 'nope' },
    input: 'export-env',
  },
  {
    action: 'latest-dataset',
    what: 'AWS_REGION mars',
    inputs: latest,
    env: { AWS_REGION: 'mars' },
    input: 'AWS_REGION',
  },
  {
    action: 'latest-dataset',
    what: 'request timeout 121 s',
    inputs: latest,
    env: { CAT_REQUEST_TIMEOUT_SECONDS: '121' },
    input: 'CAT_REQUEST_TIMEOUT_SECONDS',
  },

  // assume-role
  { action: 'assume-role', what: 'no role-arn', input: 'role-arn' },
  {
    action: 'assume-role',
    what: 'short account id',
    inputs: { 'role-arn': 'arn:aws:iam::123:role/x' },
    input: 'role-arn',
  },
  {
    action: 'assume-role',
    what: 'a user ARN',
    inputs: { 'role-arn': 'arn:aws:iam::123456789012:user/x' },
    input: 'role-arn',
  },
  {
    action: 'assume-role',
    what: 'region eu_west_1',
    inputs: { 'role-arn': ROLE, region: 'eu_west_1' },
    input: 'region',
  },
  {
    action: 'assume-role',
    what: 'one-character session-name',
    inputs: { 'role-arn': ROLE, 'session-name': 'a' },
    input: 'session-name',
  },
  {
    action: 'assume-role',
    what: 'session-name with a space',
    inputs: { 'role-arn': ROLE, 'session-name': 'gha cat' },
    input: 'session-name',
  },
  {
    action: 'assume-role',
    what: '65-character session-name',
    inputs: { 'role-arn': ROLE, 'session-name': 's'.repeat(65) },
    input: 'session-name',
  },
  {
    action: 'assume-role',
    what: 'tenant LEAK!',
    inputs: { 'role-arn': ROLE, tenant: 'LEAK!' },
    input: 'tenant',
  },
  {
    action: 'assume-role',
    what: 'environment QA',
    inputs: { 'role-arn': ROLE, environment: 'QA' },
    input: 'environment',
  },
  {
    action: 'assume-role',
    what: 'duration 899 s',
    inputs: { 'role-arn': ROLE, 'duration-seconds': '899' },
    input: 'duration-seconds',
    says: /from 900 to 43200/,
  },
  {
    action: 'assume-role',
    what: 'duration 43201 s',
    inputs: { 'role-arn': ROLE, 'duration-seconds': '43201' },
    input: 'duration-seconds',
  },
  {
    action: 'assume-role',
    what: 'duration 1h',
    inputs: { 'role-arn': ROLE, 'duration-seconds': '1h' },
    input: 'duration-seconds',
  },
  {
    action: 'assume-role',
    what: 'duration 1e9',
    inputs: { 'role-arn': ROLE, 'duration-seconds': '1e9' },
    input: 'duration-seconds',
  },
  {
    action: 'assume-role',
    what: 'audience with a space',
    inputs: { 'role-arn': ROLE, audience: 'sts amazonaws' },
    input: 'audience',
  },
  {
    action: 'assume-role',
    what: 'export-env perhaps',
    inputs: { 'role-arn': ROLE, 'export-env': 'perhaps' },
    input: 'export-env',
  },
  {
    action: 'assume-role',
    what: 'retry budget 601 s',
    inputs: { 'role-arn': ROLE },
    env: { CAT_RETRY_BUDGET_SECONDS: '601' },
    input: 'CAT_RETRY_BUDGET_SECONDS',
  },

  // notify-slack
  {
    action: 'notify-slack',
    what: 'no webhook and no token',
    env: { SLACK_WEBHOOK_URL: '' },
    input: 'webhook-url',
  },
  {
    action: 'notify-slack',
    what: 'plain http webhook off loopback',
    inputs: { 'webhook-url': 'http://hooks.slack.com/services/T/B/X' },
    input: 'webhook-url',
    says: /https URL/,
  },
  {
    action: 'notify-slack',
    what: 'webhook not a URL',
    inputs: { 'webhook-url': 'hooks slack com' },
    input: 'webhook-url',
  },
  {
    action: 'notify-slack',
    what: 'token with a space',
    inputs: { token: 'xoxb 1', channel: '#c' },
    input: 'token',
  },
  {
    action: 'notify-slack',
    what: 'token without channel',
    inputs: { token: 'xoxb-1' },
    input: 'channel',
  },
  {
    action: 'notify-slack',
    what: 'channel with a space',
    inputs: { token: 'xoxb-1', channel: 'data alerts' },
    input: 'channel',
  },
  {
    action: 'notify-slack',
    what: 'token and webhook both',
    inputs: { ...slackToken, 'webhook-url': 'https://hooks.slack.com/services/T/B/X' },
    input: 'webhook-url',
    says: /not both/,
  },
  {
    action: 'notify-slack',
    what: 'api-url ftp',
    inputs: { ...slackToken, 'api-url': 'ftp://slack.example/api' },
    input: 'api-url',
  },
  {
    action: 'notify-slack',
    what: 'status exploded',
    inputs: { status: 'exploded' },
    input: 'status',
  },
  {
    action: 'notify-slack',
    what: 'a field line without =',
    inputs: { fields: 'Stage=2a\nno equals sign' },
    input: 'fields',
    says: /line 2/,
  },
  {
    action: 'notify-slack',
    what: 'mention @someone',
    inputs: { mention: '@someone' },
    input: 'mention',
  },
  {
    action: 'notify-slack',
    what: 'mention smuggling a link',
    inputs: { mention: '<https://evil.example|click>' },
    input: 'mention',
  },
  {
    action: 'notify-slack',
    what: 'fail-on-error sometimes',
    inputs: { 'fail-on-error': 'sometimes' },
    input: 'fail-on-error',
  },
  {
    action: 'notify-slack',
    what: 'request timeout x',
    env: { CAT_REQUEST_TIMEOUT_SECONDS: 'x' },
    input: 'CAT_REQUEST_TIMEOUT_SECONDS',
  },

  // open-bastion-tunnel
  {
    action: 'open-bastion-tunnel',
    what: 'mode vpn',
    inputs: { ...ssm, mode: 'vpn' },
    input: 'mode',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'no remote-host',
    inputs: { mode: 'ssm', region: 'eu-west-1' },
    input: 'remote-host',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'remote-host with a comma',
    inputs: { ...ssm, 'remote-host': 'db,portNumber=22' },
    input: 'remote-host',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'remote-port 0',
    inputs: { ...ssm, 'remote-port': '0' },
    input: 'remote-port',
    says: /from 1 to 65535/,
  },
  {
    action: 'open-bastion-tunnel',
    what: 'remote-port 70000',
    inputs: { ...ssm, 'remote-port': '70000' },
    input: 'remote-port',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'local-port -1',
    inputs: { ...ssm, 'local-port': '-1' },
    input: 'local-port',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'attempts 0',
    inputs: { ...ssm, attempts: '0' },
    input: 'attempts',
    says: /from 1 to 20/,
  },
  {
    action: 'open-bastion-tunnel',
    what: 'attempts 21',
    inputs: { ...ssm, attempts: '21' },
    input: 'attempts',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'retry-delay-seconds 301',
    inputs: { ...ssm, 'retry-delay-seconds': '301' },
    input: 'retry-delay-seconds',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'ready-timeout-seconds 0',
    inputs: { ...ssm, 'ready-timeout-seconds': '0' },
    input: 'ready-timeout-seconds',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'bastion with a comma first',
    inputs: { ...ssm, bastion: ',x' },
    input: 'bastion',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'region nowhere',
    inputs: { ...ssm, region: 'nowhere' },
    input: 'region',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'ssh without ssh-host',
    inputs: { mode: 'ssh', 'remote-host': 'db.internal', 'ssh-key': KEY },
    input: 'ssh-host',
  },
  { action: 'open-bastion-tunnel', what: 'ssh without ssh-key', inputs: ssh, input: 'ssh-key' },
  {
    action: 'open-bastion-tunnel',
    what: 'ssh-key not a key',
    inputs: { ...ssh, 'ssh-key': 'password123' },
    input: 'ssh-key',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'ssh-user 1bad',
    inputs: { ...sshWithKey, 'ssh-user': '1bad' },
    input: 'ssh-user',
  },
  {
    action: 'open-bastion-tunnel',
    what: 'ssh-port 99999',
    inputs: { ...sshWithKey, 'ssh-port': '99999' },
    input: 'ssh-port',
  },
];

let recorder: Recorder;
let workspace: string;
beforeAll(async () => {
  recorder = await startHttpRecorder(() => ({ status: 500, body: { message: 'recorder' } }));
  workspace = makeWorkspace(['CAT-BE-DEV', 'CAT-BE']);
});
afterAll(async () => {
  await recorder.close();
  rmSync(workspace, { recursive: true, force: true });
});
beforeEach(() => {
  recorder.requests.length = 0;
});

/** Every endpoint an action could call is the recorder; everything else is valid. */
const baseEnv = () => ({
  AWS_ACCESS_KEY_ID: 'AKIARECORDER0001',
  AWS_SECRET_ACCESS_KEY: 'recorder-secret',
  AWS_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL: recorder.url,
  AWS_ENDPOINT_URL_S3: recorder.url,
  AWS_ENDPOINT_URL_STS: recorder.url,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: recorder.url,
  AWS_ENDPOINT_URL_EC2: recorder.url,
  ACTIONS_ID_TOKEN_REQUEST_URL: `${recorder.url}/token`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-token',
  SLACK_WEBHOOK_URL: `${recorder.url}/services/T000/B000/XXXX`,
  SLACK_API_URL: `${recorder.url}/api`,
  DEV_ROLE_ARN: ROLE,
  PROD_ROLE_ARN: ROLE,
  BUCKET_PREFIX: '',
  S3_BUCKET_NAME: '',
  TENANT_NAME: '',
  ENVIRONMENT: '',
  GITHUB_RUN_ATTEMPT: '1',
});

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('every bad input: one ::error:: naming it, nothing written, no request', () => {
  it('covers at least 80 cases across the six actions', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CASES.map((c) => c.action))).toEqual(
      new Set([
        'resolve-tenant',
        'find-bucket',
        'latest-dataset',
        'assume-role',
        'notify-slack',
        'open-bastion-tunnel',
      ]),
    );
  });

  it.each(CASES.map((c) => [`${c.action}: ${c.what}`, c] as const))('%s', async (_name, bad) => {
    const result = await runAction(bad.action, {
      inputs: bad.inputs ?? {},
      env: { ...baseEnv(), ...bad.env },
      workspace,
    });
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^::error::Input '${escaped(bad.input)}'( is .+)?: expected .+`),
    );
    if (bad.says) expect(errors[0]).toMatch(bad.says);
    expect(result.log).not.toMatch(/Unexpected failure/);
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toEqual({});
    expect(result.exportedEnv).toEqual({});
    expect(result.summary).toBe('');
    // A post step (open-bastion-tunnel) finds nothing to close and fails nothing.
    if (result.post) expect(errorLines(result.post.log)).toEqual([]);
    expect(recorder.requests).toEqual([]);
  });
});

describe('run-stage shares the tenant and bucket rules (issue 13 #7)', () => {
  it.each([
    ['tenant LEAK!', { tenant: 'LEAK!' }, 'tenant'],
    ['tenant ..', { tenant: '..' }, 'tenant'],
    ['bucket Bad_Bucket', { bucket: 'Bad_Bucket' }, 'bucket'],
  ])('%s is refused before anything runs', async (_name, inputs, input) => {
    const result = await runAction('run-stage', {
      inputs: { stage: '1a', ...inputs },
      env: {
        ...baseEnv(),
        S3_BUCKET_NAME: 'cat-data-dev',
        TENANT_NAME: 'cat-be',
        PROJECT_DIR: 'CAT-BE-DEV',
      },
      workspace,
    });
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^::error::Input '${input}' is .+: expected `));
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toEqual({});
    expect(recorder.requests).toEqual([]);
  });
});
