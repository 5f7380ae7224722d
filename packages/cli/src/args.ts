/** The command line of `cat-actions`: `run <action>` and `workflow <file>`, read with node:util. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { splitKeyValue } from '@cat-actions/core';

export interface RunCommand {
  command: 'run';
  action: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  workspace?: string;
  post: boolean;
  json: boolean;
  keep: boolean;
}

export interface WorkflowCommand {
  command: 'workflow';
  file: string;
  job?: string;
  inputs: Record<string, string>;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  env: Record<string, string>;
  aws: boolean;
  keep: boolean;
  verbose: boolean;
  json: boolean;
}

export type Command = RunCommand | WorkflowCommand | { command: 'help' };

export const USAGE = `Usage:
  cat-actions run <action> [--with key=value]... [--env KEY=VALUE]... [--workspace DIR]
                           [--no-post] [--keep] [--json]
  cat-actions workflow <workflow.yml> [--job JOB] [--input key=value]... [--secret KEY=VALUE]...
                           [--var KEY=VALUE]... [--env KEY=VALUE]... [--aws] [--keep] [--verbose] [--json]
  cat-actions --help

run       Runs one action's committed bundle (dist/<action>/index.js) with the environment a GitHub
          runner gives it, then its post step; prints outputs, exported variables and the step
          summary. Exits with the action's exit code.
workflow  Runs a workflow file job by job on this machine, as the GitHub runner would: a caller's
          jobs into this repository's reusable workflows, needs, matrix, if:, env:, run: steps and
          this repository's actions (actions/checkout copies the caller's repository; setup-python
          uses the python3 on PATH). Anything else is refused by name before a step runs.
          --input/--secret/--var fill the inputs, secrets and vars contexts; --env adds to the
          runner's environment (AWS endpoints, GITHUB_* values); --aws runs against the AWS account
          your environment's credentials reach. Exits 0 when every job succeeded, 1 otherwise.

--keep    keep the temporary folders (runner files, job workspaces) and print where they are.`;

/** Bad command line: the message says what was wrong; the CLI prints it with the usage, exit 2. */
export class UsageError extends Error {}

function keyValues(flag: string, values: string[] | undefined): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const text of values ?? []) {
    const pair = splitKeyValue(text);
    if (!pair?.key)
      throw new UsageError(`--${flag} expects key=value, got ${JSON.stringify(text)}`);
    pairs[pair.key] = pair.value;
  }
  return pairs;
}

function read(argv: string[], options: ParseArgsConfig['options']) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
    return {
      values: values as Record<string, string | string[] | boolean | undefined>,
      positionals,
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const multiple = { type: 'string', multiple: true } as const;
const flag = { type: 'boolean' } as const;

export function parseCommand(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (
    command === undefined ||
    ['--help', '-h', 'help'].includes(command) ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    if (command === undefined) throw new UsageError('No command given.');
    return { command: 'help' };
  }
  if (command === 'run') {
    const { values, positionals } = read(rest, {
      with: { ...multiple, short: 'w' },
      env: { ...multiple, short: 'e' },
      workspace: { type: 'string' },
      'no-post': flag,
      json: flag,
      keep: flag,
    });
    if (positionals.length !== 1)
      throw new UsageError('run expects one action name, e.g. run resolve-tenant');
    return {
      command: 'run',
      action: positionals[0],
      inputs: keyValues('with', values.with as string[]),
      env: keyValues('env', values.env as string[]),
      workspace: values.workspace as string | undefined,
      post: !values['no-post'],
      json: Boolean(values.json),
      keep: Boolean(values.keep),
    };
  }
  if (command === 'workflow') {
    const { values, positionals } = read(rest, {
      job: { type: 'string', short: 'j' },
      input: { ...multiple, short: 'i' },
      secret: { ...multiple, short: 's' },
      var: multiple,
      env: { ...multiple, short: 'e' },
      aws: flag,
      keep: flag,
      verbose: { ...flag, short: 'v' },
      json: flag,
    });
    if (positionals.length !== 1)
      throw new UsageError(
        'workflow expects one workflow file, e.g. workflow .github/workflows/data-processing.yml',
      );
    return {
      command: 'workflow',
      file: positionals[0],
      job: values.job as string | undefined,
      inputs: keyValues('input', values.input as string[]),
      secrets: keyValues('secret', values.secret as string[]),
      vars: keyValues('var', values.var as string[]),
      env: keyValues('env', values.env as string[]),
      aws: Boolean(values.aws),
      keep: Boolean(values.keep),
      verbose: Boolean(values.verbose),
      json: Boolean(values.json),
    };
  }
  throw new UsageError(`Unknown command ${JSON.stringify(command)}.`);
}
