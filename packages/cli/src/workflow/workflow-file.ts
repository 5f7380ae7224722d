/**
 * Reading a workflow file and resolving what its `uses:` point at: this repository's actions and
 * reusable workflows (published as `<org>/cat-actions/...@ref`, or `./` from this checkout), the
 * two third-party actions the engine stands in for, and nothing else.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// Workflow documents are free-form YAML: the engine reads them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Yaml = Record<string, any>;

export interface WorkflowFile {
  /** Absolute path. */
  file: string;
  /** For messages: relative to repoRoot when inside it. */
  label: string;
  doc: Yaml;
  /** The repository the file belongs to: the folder holding its `.github/workflows`. */
  repo: string;
}

/** A construct the engine does not run; the message names it and where it is. */
export class UnsupportedError extends Error {
  constructor(
    readonly construct: string,
    readonly where: string,
    hint = '',
  ) {
    super(`not supported here: ${construct} at ${where}${hint ? ` (${hint})` : ''}`);
  }
}

/** The workflow file is missing or not a workflow. */
export class WorkflowFileError extends Error {}

export function repoOf(file: string): string {
  const dir = path.dirname(file);
  return path.basename(dir) === 'workflows' && path.basename(path.dirname(dir)) === '.github'
    ? path.dirname(path.dirname(dir))
    : dir;
}

export function loadWorkflow(file: string, repoRoot: string): WorkflowFile {
  const absolute = path.resolve(file);
  let doc: Yaml;
  try {
    doc = parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new WorkflowFileError(`Cannot read workflow ${file}: ${(error as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || typeof doc.jobs !== 'object') {
    throw new WorkflowFileError(`${file} is not a workflow: it has no jobs`);
  }
  const relative = path.relative(repoRoot, absolute);
  const label = relative.startsWith('..') ? absolute : relative;
  return { file: absolute, label, doc, repo: repoOf(absolute) };
}

/** The `on:` section as a map (`on: push` and `on: [push]` included). */
export function triggersOf(doc: Yaml): Yaml {
  const on = doc.on ?? doc.true; // YAML 1.1 readers turn a bare `on` key into true
  if (typeof on === 'string') return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(on.map((t) => [t, {}]));
  return on ?? {};
}

const PUBLISHED = /^[\w.-]+\/cat-actions\/(.+?)@[\w./-]+$/;

export type StepUse =
  | { kind: 'action'; action: string }
  | { kind: 'checkout' }
  | { kind: 'setup-python' }
  | { kind: 'unsupported'; uses: string };

/** What a step's `uses:` runs here. */
export function stepUseOf(uses: string, workflow: WorkflowFile, repoRoot: string): StepUse {
  if (/^actions\/checkout@/.test(uses)) return { kind: 'checkout' };
  if (/^actions\/setup-python@/.test(uses)) return { kind: 'setup-python' };
  const published = PUBLISHED.exec(uses)?.[1];
  const local = uses.startsWith('./') ? path.resolve(workflow.repo, uses) : undefined;
  const action = published ?? (local && path.relative(repoRoot, local));
  if (action && !action.startsWith('..') && existsSync(path.join(repoRoot, action, 'action.yml'))) {
    return { kind: 'action', action };
  }
  return { kind: 'unsupported', uses };
}

/** The file a job's `uses:` calls, or undefined when it is not one of ours. */
export function reusableWorkflowOf(
  uses: string,
  workflow: WorkflowFile,
  repoRoot: string,
): string | undefined {
  const published = PUBLISHED.exec(uses)?.[1];
  if (published?.startsWith('.github/workflows/')) return path.join(repoRoot, published);
  if (uses.startsWith('./.github/workflows/')) return path.resolve(workflow.repo, uses);
  return undefined;
}
