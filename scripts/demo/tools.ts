/**
 * Programs of this machine the stages need, checked before the pipeline starts so that a missing
 * one is reported with the command that installs it, and the steps that do not need it still run.
 */
import { ServiceUnavailable, type RunningService } from './services';
import path from 'node:path';
import { installCommand, locateProgram, NEEDS, standinsDir } from '@cat-actions/local-services';

const tool = (name: string, path: string, env: Record<string, string> = {}): RunningService => ({
  name,
  kind: 'tool',
  endpoint: path,
  env,
  stop: async () => {},
});

/**
 * python3 for the stages, in a pipenv environment where pipenv is installed. Without pipenv the
 * stages run with python: system (CAT_STAGE_PYTHON=system for every step, as a runner without
 * pipenv would be set up), and the demo says so; without python3 the Python stages cannot run.
 */
export async function startPython(): Promise<RunningService> {
  const python = await locateProgram('python3');
  if (!python) {
    throw new ServiceUnavailable(
      'python3 is not installed: the Python stages cannot run (bash stages still do)',
      installCommand([NEEDS.python3]),
    );
  }
  const interpreter = `${python.version ?? 'python3'} (${python.path})`;
  const pipenv = await locateProgram('pipenv');
  if (pipenv) return tool('python', `${interpreter} + ${pipenv.version ?? 'pipenv'}`);
  return tool(
    'python',
    `${interpreter}; pipenv not installed: the stages run with python: system (CAT_STAGE_PYTHON=system)`,
    { CAT_STAGE_PYTHON: 'system' },
  );
}

/**
 * The aws CLI the sync stage copies files with (`aws s3 sync`), handed over as AWS_CLI: the first
 * `aws` on PATH, with the version it reports (the sync passes --endpoint-url, so a v1 works too);
 * where there is none, the stand-in's `s3 sync` (the AWS SDK), said as such.
 */
export async function startAwsCli(): Promise<RunningService> {
  const cli = await locateProgram('aws');
  if (cli)
    return tool('aws cli', `${cli.path} (${cli.version ?? 'version unknown'})`, {
      AWS_CLI: cli.path,
    });
  const standin = path.join(standinsDir, 'aws');
  return tool(
    'aws cli',
    `stand-in ${standin}: no aws CLI installed, s3 sync through the AWS SDK (${installCommand([NEEDS.awsCli])} for the real one)`,
    { AWS_CLI: standin },
  );
}
