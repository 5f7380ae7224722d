/** Runs the few programs setup-tools needs (python3, pip, dpkg-deb, a tool's --version). */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { findOnPath } from '@cat-actions/process';

export interface CommandResult {
  exitCode: number;
  output: string;
  /** The last lines, for an error message. */
  tail: string[];
}

export { findOnPath };

/** Runs to the end, never throws: a program that cannot start is exit code 127, as in a shell. */
export function runCommand(
  file: string,
  args: string[],
  options: {
    env: NodeJS.ProcessEnv;
    cwd?: string;
    onLine?: (line: string) => void;
    timeoutMs?: number;
  },
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const child = spawn(file, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 10 * 60_000,
    });
    const collect = (stream: NodeJS.ReadableStream) =>
      new Promise<void>((done) =>
        createInterface({ input: stream })
          .on('line', (line) => {
            lines.push(line);
            options.onLine?.(line);
          })
          .on('close', done),
      );
    let settled = false;
    const finish = (exitCode: number) => {
      if (settled) return;
      settled = true;
      resolve({ exitCode, output: lines.join('\n'), tail: lines.slice(-15) });
    };
    child.once('error', (error) => {
      lines.push(`${file}: ${error.message}`);
      finish(127);
    });
    Promise.all([
      collect(child.stdout),
      collect(child.stderr),
      new Promise<number>((done) => child.once('close', (code) => done(code ?? 1))),
    ]).then(([, , code]) => finish(code));
  });
}
