/** `cat-actions`: the command line over the local action runner and the workflow engine. */
import path from 'node:path';
import { availableActions } from './action-metadata';
import { parseCommand, UsageError, USAGE, type RunCommand, type WorkflowCommand } from './args';
import { runLocalAction } from './local-runner';
import type { LocalRunResult } from './local-runner';
import { startLocalEnvironment } from './workflow/local-environment';
import { createReporter } from './workflow/reporter';
import { runWorkflow } from './workflow/workflow-runner';
import { LogMasker } from './file-commands';

const repoRoot = () => process.env.CAT_ACTIONS_ROOT ?? process.cwd();

function section(title: string, values: Record<string, string>): string {
  const rows = Object.entries(values).map(([k, v]) => `  ${k}=${v}`);
  return `${title}:\n${rows.length ? rows.join('\n') : '  (none)'}`;
}

function report(result: LocalRunResult): string {
  const parts = [
    section('Outputs', result.outputs),
    section('Exported variables', result.exportedEnv),
  ];
  if (result.summary.trim()) parts.push(`Step summary:\n${result.summary.trim()}`);
  return parts.join('\n\n');
}

async function runAction(command: RunCommand): Promise<number> {
  const root = repoRoot();
  if (!availableActions(root).includes(command.action)) {
    console.error(
      `No action named ${command.action}. Available actions: ${availableActions(root).join(', ')}`,
    );
    return 2;
  }
  const result = await runLocalAction({
    repoRoot: root,
    action: command.action,
    inputs: command.inputs,
    env: command.env,
    workspace: command.workspace,
    post: command.post,
    keep: command.keep,
    onLine: command.json ? undefined : (line) => console.log(line),
  });
  if (command.json) {
    const { outputs, exportedEnv, summary, exitCode } = result;
    console.log(
      JSON.stringify({
        exitCode,
        outputs,
        exportedEnv,
        summary,
        postExitCode: result.post?.exitCode,
      }),
    );
  } else {
    console.log(`\n${report(result)}`);
    if (command.keep) console.log(`\nRunner files kept in ${result.runnerDir}`);
    console.log(
      `\n${command.action} ${result.exitCode === 0 ? 'succeeded' : `failed (exit ${result.exitCode})`}`,
    );
  }
  return result.exitCode || result.post?.exitCode || 0;
}

async function runWorkflowCommand(command: WorkflowCommand): Promise<number> {
  const root = repoRoot();
  const log = command.json
    ? (line: string) => console.error(line)
    : (line: string) => console.log(line);
  let local;
  if (!command.aws) {
    local = await startLocalEnvironment(root);
    if (!local && Object.keys(command.env).length === 0) {
      console.error(
        'The embedded local services are not available in this build. Run with --aws to use the ' +
          'AWS account your environment reaches, or point the actions at your own services with ' +
          '--env (e.g. --env AWS_ENDPOINT_URL_S3=http://127.0.0.1:4569).',
      );
      return 2;
    }
    for (const line of local?.description ?? []) log(line);
  } else {
    log('--aws: the actions use the AWS credentials and endpoints of this environment.');
  }
  const secrets = { ...local?.secrets, ...command.secrets };
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    log('Cancelling: running steps are stopped, post steps still run (Ctrl-C again to quit now).');
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  const reporter = createReporter({
    write: log,
    verbose: command.verbose,
    secrets: Object.values(secrets),
  });
  try {
    const run = await runWorkflow({
      repoRoot: root,
      workflowFile: path.resolve(command.file),
      job: command.job,
      inputs: command.inputs,
      secrets,
      vars: { ...local?.vars, ...command.vars },
      env: { ...local?.env, ...command.env },
      keep: command.keep,
      signal: controller.signal,
      onEvent: reporter.onEvent,
    });
    reporter.report(run);
    if (command.keep) log(`Workspaces and runner files kept in ${run.runDir}`);
    if (command.json) {
      console.log(new LogMasker(Object.values(secrets)).mask(JSON.stringify(run, null, 2)));
    }
    return run.result === 'success' ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupt);
    await local?.stop();
  }
}

async function main(): Promise<number> {
  let command;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  return command.command === 'run' ? runAction(command) : runWorkflowCommand(command);
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 2;
  },
);
