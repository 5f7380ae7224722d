import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseDocument, type Document } from 'yaml';
import { repoRoot } from './action-runner';

// Workflow and action.yml documents are free-form YAML: the rules below read them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Yaml = Record<string, any>;

export interface WorkflowFile {
  file: string;
  text: string;
  doc: Yaml;
  /** The same YAML with its comments (version comments on pins, reasons on permissions). */
  document: Document;
}

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: unknown;
}

export interface ActionSpec {
  name: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, unknown>;
}

/** Where this repository's actions and reusable workflows are published. */
export const PUBLISHED_REPO = 'cat-org/cat-actions';
const ACTION_USES = /^cat-org\/cat-actions\/([a-z0-9-]+)@[\w.-]+$/;
const REUSABLE_USES =
  /^(?:cat-org\/cat-actions\/|\.\/)\.github\/workflows\/([\w.-]+\.ya?ml)(?:@[\w.-]+)?$/;

export const WORKFLOW_DIRS = ['.github/workflows', 'examples/tenant/.github/workflows'];

export function loadWorkflow(file: string): WorkflowFile {
  const absolute = path.resolve(repoRoot, file);
  const text = readFileSync(absolute, 'utf8');
  return {
    file: path.relative(repoRoot, absolute),
    text,
    doc: parse(text),
    document: parseDocument(text),
  };
}

/** Every workflow of this repository and of the example tenant. */
export function workflowFiles(): WorkflowFile[] {
  return WORKFLOW_DIRS.map((dir) => path.join(repoRoot, dir))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(dir, f)),
    )
    .map(loadWorkflow);
}

/** `cat-org/cat-actions/run-stage@v1` -> `run-stage`; anything else -> undefined. */
export function actionNameOf(uses: unknown): string | undefined {
  return typeof uses === 'string' ? ACTION_USES.exec(uses)?.[1] : undefined;
}

/** `cat-org/cat-actions/.github/workflows/x.yml@v1` -> `.github/workflows/x.yml`. */
export function reusableWorkflowOf(uses: unknown): string | undefined {
  const file = typeof uses === 'string' ? REUSABLE_USES.exec(uses)?.[1] : undefined;
  return file && `.github/workflows/${file}`;
}

/** The action.yml of one of this repository's actions (or of `root`'s), undefined when missing. */
export function actionSpec(name: string, root = repoRoot): ActionSpec | undefined {
  const file = path.join(root, name, 'action.yml');
  if (!existsSync(file)) return undefined;
  const doc = parse(readFileSync(file, 'utf8')) ?? {};
  return { name, inputs: doc.inputs ?? {}, outputs: doc.outputs ?? {} };
}

export const isReusable = (w: WorkflowFile) => w.doc.on?.workflow_call !== undefined;
export const jobsOf = (doc: Yaml): [string, Yaml][] => Object.entries(doc.jobs ?? {});
export const stepsOf = (job: Yaml): Yaml[] => job.steps ?? [];
