import { describe, expect, it } from '@jest/globals';
import { parseCommand, UsageError } from '../../../packages/cli/src/args';

describe('cat-actions run: inputs, env and workspace from the command line', () => {
  it('collects repeated --with and --env, --workspace and the switches', () => {
    expect(
      parseCommand([
        'run',
        'resolve-tenant',
        '--with',
        'project=DEV:A=B',
        '--env',
        'K=V',
        '--workspace',
        '/w',
        '--no-post',
      ]),
    ).toEqual({
      command: 'run',
      action: 'resolve-tenant',
      inputs: { project: 'DEV:A=B' },
      env: { K: 'V' },
      workspace: '/w',
      post: false,
      json: false,
      keep: false,
    });
  });
});

describe('cat-actions workflow: the contexts from the command line', () => {
  it('collects inputs, secrets, vars and env, --job, --aws and --keep', () => {
    expect(
      parseCommand([
        'workflow',
        'examples/tenant/.github/workflows/data-processing.yml',
        '--input',
        'project=DEMO-DEV',
        '--input',
        'environment=DEV',
        '--secret',
        'SLACK_WEBHOOK_URL=https://hooks.example/x?a=b',
        '--var',
        'BUCKET_PREFIX=cat-data',
        '--env',
        'AWS_REGION=eu-west-1',
        '--job',
        'data-processing',
        '--aws',
        '--keep',
      ]),
    ).toEqual({
      command: 'workflow',
      file: 'examples/tenant/.github/workflows/data-processing.yml',
      job: 'data-processing',
      inputs: { project: 'DEMO-DEV', environment: 'DEV' },
      secrets: { SLACK_WEBHOOK_URL: 'https://hooks.example/x?a=b' },
      vars: { BUCKET_PREFIX: 'cat-data' },
      env: { AWS_REGION: 'eu-west-1' },
      aws: true,
      keep: true,
      verbose: false,
      json: false,
    });
  });
});

describe('help and bad command lines', () => {
  it.each([[['--help']], [['-h']], [['help']], [['workflow', '--help']]])(
    '%j asks for help',
    (argv) => {
      expect(parseCommand(argv)).toEqual({ command: 'help' });
    },
  );

  it.each([
    [[], /No command/],
    [['build'], /Unknown command "build"/],
    [['run'], /one action name/],
    [['run', 'x', '--with', 'novalue'], /--with expects key=value/],
    [['run', 'x', '--bogus'], /bogus/],
    [['workflow'], /one workflow file/],
    [['workflow', 'a.yml', '--input', '=x'], /--input expects key=value/],
  ])('%j is a usage error naming the problem', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
