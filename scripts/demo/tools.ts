/**
 * Programs of this machine the stages need, checked before the pipeline starts so that a missing
 * one is reported with the command that installs it, and the steps that do not need it still run.
 */
import { ServiceUnavailable, type RunningService } from './services';
import { findProgram, installCommand, missing, NEEDS } from '@cat-actions/local-services';

const tool = (name: string, path: string, env: Record<string, string> = {}): RunningService => ({
  name,
  kind: 'tool',
  endpoint: path,
  env,
  stop: async () => {},
});

/** Python and pipenv: the example stages are Python, in a pipenv environment (Pipfile.lock). */
export async function startPython(): Promise<RunningService> {
  const lacking = missing([NEEDS.python3, NEEDS.pipenv]);
  if (lacking.length) {
    const names = lacking.map((n) => n.program).join(' and ');
    throw new ServiceUnavailable(`${names} not installed`, installCommand(lacking));
  }
  return tool('python', `${findProgram('python3')} + ${findProgram('pipenv')}`);
}

/**
 * The aws CLI the sync stage copies files with (`aws s3 sync`), handed over as AWS_CLI. Debian's
 * awscli (v2) is /usr/bin/aws; the first `aws` on PATH may be an older v1 that ignores
 * AWS_ENDPOINT_URL_S3.
 */
export async function startAwsCli(): Promise<RunningService> {
  const cli = findProgram('aws', { PATH: '/usr/bin' }, []);
  if (!cli) {
    throw new ServiceUnavailable('the aws CLI is not installed', installCommand([NEEDS.awsCli]));
  }
  return tool('aws cli', cli, { AWS_CLI: cli });
}
