import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

export interface ActionMetadata {
  name: string;
  directory: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: string }>;
  main: string;
  post?: string;
}

export function readActionMetadata(repoRoot: string, action: string): ActionMetadata {
  const directory = path.join(repoRoot, action);
  let doc: {
    name: string;
    inputs?: Record<string, ActionInput>;
    outputs?: Record<string, { description?: string }>;
    runs: { using: string; main: string; post?: string };
  };
  try {
    doc = parse(readFileSync(path.join(directory, 'action.yml'), 'utf8'));
  } catch {
    throw new Error(
      `No action named ${action}: expected ${action}/action.yml in ${repoRoot}. ` +
        `Available actions: ${availableActions(repoRoot).join(', ') || '(none)'}`,
    );
  }
  if (!/^node2[04]$/.test(doc.runs.using)) {
    throw new Error(
      `${action}: runs.using is ${doc.runs.using}; this runner runs node20/node24 actions`,
    );
  }
  return {
    name: doc.name,
    directory,
    inputs: doc.inputs ?? {},
    outputs: doc.outputs ?? {},
    main: path.resolve(directory, doc.runs.main),
    post: doc.runs.post ? path.resolve(directory, doc.runs.post) : undefined,
  };
}

/** The actions of a checkout: its top-level folders with an action.yml. */
export function availableActions(repoRoot: string): string[] {
  return readdirSync(repoRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(repoRoot, e.name, 'action.yml')))
    .map((e) => e.name)
    .sort();
}

/** Input defaults may use `${{ github.token }}`; the local runner knows no other expression. */
export function evaluateDefault(value: string | undefined, env: NodeJS.ProcessEnv): string {
  if (value === undefined) return '';
  return String(value).replace(/\$\{\{\s*github\.token\s*\}\}/g, env.GITHUB_TOKEN ?? '');
}
