import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './action-runner';

export interface WorkflowFile {
  file: string;
  text: string;
  doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Every workflow of this repository and of the example tenant. */
export function workflowFiles(): WorkflowFile[] {
  const dirs = ['.github/workflows', 'examples/tenant/.github/workflows'];
  return dirs
    .map((dir) => path.join(repoRoot, dir))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(dir, f)),
    )
    .map((file) => {
      const text = readFileSync(file, 'utf8');
      return { file: path.relative(repoRoot, file), text, doc: parse(text) };
    });
}
