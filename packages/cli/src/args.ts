export interface RunCommand {
  action: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  workspace?: string;
  post: boolean;
  json: boolean;
}

export const USAGE = `Usage: cat-actions run <action> [--with key=value]... [--env KEY=VALUE]... [--workspace DIR] [--no-post] [--json]

Runs the committed bundle dist/<action>/index.js with the environment a GitHub runner gives it,
then its post step, and prints the outputs, the exported variables and the step summary.
Exits with the action's exit code.`;

function keyValue(flag: string, text: string | undefined): [string, string] {
  const eq = text?.indexOf('=') ?? -1;
  if (!text || eq <= 0)
    throw new Error(`${flag} expects key=value, got ${JSON.stringify(text ?? '')}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

export function parseArgs(argv: string[]): RunCommand {
  const [command, action, ...rest] = argv;
  if (command !== 'run' || !action || action.startsWith('-')) throw new Error(USAGE);
  const parsed: RunCommand = { action, inputs: {}, env: {}, post: true, json: false };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--with' || flag === '-w') {
      const [k, v] = keyValue(flag, rest[++i]);
      parsed.inputs[k] = v;
    } else if (flag === '--env' || flag === '-e') {
      const [k, v] = keyValue(flag, rest[++i]);
      parsed.env[k] = v;
    } else if (flag === '--workspace') {
      parsed.workspace = rest[++i];
      if (!parsed.workspace) throw new Error('--workspace expects a directory');
    } else if (flag === '--no-post') {
      parsed.post = false;
    } else if (flag === '--json') {
      parsed.json = true;
    } else {
      throw new Error(`Unknown option ${flag}\n\n${USAGE}`);
    }
  }
  return parsed;
}
