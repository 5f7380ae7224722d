import { parseArgs } from './args';
import { runLocalAction } from './local-runner';
import type { LocalRunResult } from './local-runner';

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

async function main(): Promise<number> {
  let command;
  try {
    command = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const repoRoot = process.env.CAT_ACTIONS_ROOT ?? process.cwd();
  const result = await runLocalAction({
    repoRoot,
    action: command.action,
    inputs: command.inputs,
    env: command.env,
    workspace: command.workspace,
    post: command.post,
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
    console.log(
      `\n${command.action} ${result.exitCode === 0 ? 'succeeded' : `failed (exit ${result.exitCode})`}`,
    );
  }
  return result.exitCode || result.post?.exitCode || 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 2;
  },
);
