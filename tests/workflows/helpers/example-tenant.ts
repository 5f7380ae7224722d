/**
 * Runs the example tenant's stage scripts on this machine the way the reusable workflows have
 * run-stage run them: each job in a fresh copy of the project folder, `.env_gha` copied over
 * `.env`, the parts the workflow downloads copied in, the workflow's command run with `bash -c`,
 * and the folders its `upload` patterns match collected as the dataset's parts.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePartPatterns, patternToRegExp } from '../../../packages/stage/src/part-patterns';
import { defaultStageScript } from '../../../packages/stage/src/stage-plan';
import { repoRoot } from '../../support/action-runner';
import { actionNameOf, jobsOf, loadWorkflow, stepsOf, type Yaml } from '../../support/workflows';
import { interpolate } from '../../../packages/cli/src/workflow/expressions';

export const exampleTenant = path.join(repoRoot, 'examples', 'tenant');
export const PROJECTS = [
  { dir: 'DEMO', environment: 'PROD' },
  { dir: 'DEMO-DEV', environment: 'DEV' },
];
export const DATASET = '20240328_084742_utc';

/** What a run-stage step of a reusable workflow asks for, with the workflow's input defaults. */
export interface StageStep {
  stage: string;
  command: string;
  download: string[];
  upload: string[];
  /** Where the command runs, relative to the project folder ('' = the project folder). */
  subfolder: string;
}

/**
 * `stage-command` names a script of the stage folder (`bash run.sh` -> `bash 1a/run.sh`); the
 * sync's folder is its working directory itself. Evaluated with the workflow's inputs.
 */
function stageCommandOf(expression: unknown, stage: string, inputs: Record<string, string>) {
  const text = interpolate(String(expression), { inputs }).trim();
  const words = text.split(/\s+/);
  const at = ['bash', 'sh', 'python3', 'python'].includes(words[0]) ? 1 : 0;
  if (stage !== 'sync') words[at] = `${stage}/${words[at].replace(/^\.\//, '')}`;
  return words.join(' ');
}

/** `${{ inputs.x }}` -> the input's default; other expressions are left alone. */
function withDefaults(value: unknown, inputs: Yaml): string {
  return String(value ?? '').replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (all, name) =>
    inputs[name]?.default !== undefined ? String(inputs[name].default) : all,
  );
}

export function stageStep(
  workflow: string,
  stage: string,
  given: Record<string, string> = {},
): StageStep {
  const w = loadWorkflow(`.github/workflows/${workflow}.yml`);
  const inputs = w.doc.on.workflow_call.inputs ?? {};
  const step = jobsOf(w.doc)
    .flatMap(([, job]) => stepsOf(job))
    .find((s) => actionNameOf(s.uses) === 'run-stage' && String(s.with?.stage) === stage);
  if (!step) throw new Error(`${workflow}.yml runs no stage ${stage}`);
  const options = step.with ?? {};
  const values: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(inputs as Yaml).map(([k, v]: [string, Yaml]) => [k, String(v.default ?? '')]),
    ),
    ...given,
  };
  const folder = options['working-directory']
    ? interpolate(String(options['working-directory']), {
        inputs: values,
        steps: { tenant: { outputs: { 'project-path': '.' } } },
      })
    : '';
  return {
    stage,
    command: options['stage-command']
      ? stageCommandOf(options['stage-command'], stage, values)
      : withDefaults(options.command, inputs) || `bash ${defaultStageScript(stage)}`,
    download: parsePartPatterns(withDefaults(options.download, inputs), 'download'),
    upload: parsePartPatterns(withDefaults(options.upload, inputs), 'upload'),
    subfolder: path.posix.normalize(folder || '.'),
  };
}

/** run-stage's matching: a pattern, and a plain name also takes the folders starting with it. */
const matches = (name: string, pattern: string) =>
  patternToRegExp(pattern).test(name) || (!/[*?[]/.test(pattern) && name.startsWith(pattern));

const foldersIn = (dir: string) =>
  readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isDirectory());

const scratch: string[] = [];

/** A temp folder, removed by removeScratch(). */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

export function removeScratch(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh copy of a project folder, as a job's checkout has it (links resolved, .env from .env_gha). */
export function checkoutProject(projectDir: string): string {
  const copy = path.join(scratchDir('cat-example-'), projectDir);
  cpSync(path.join(exampleTenant, 'Project', projectDir), copy, {
    recursive: true,
    dereference: true,
  });
  copyFileSync(path.join(copy, '.env_gha'), path.join(copy, '.env'));
  return copy;
}

/** The environment run-stage gives a stage process (secrets and `env` lines come in `extra`). */
export function stageEnv(
  project: { dir: string; environment: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    // The system's python3 first: a version manager's shim costs ~0.3 s per start.
    PATH: `/usr/bin:/bin:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? os.tmpdir(),
    TZ: 'UTC',
    TENANT_NAME: 'demo',
    PROJECT_DIR: project.dir,
    ENVIRONMENT: project.environment,
    S3_BUCKET_NAME: 'cat-demo-bucket',
    S3_BUCKET: 'cat-demo-bucket',
    DATASET_NAME: DATASET,
    ...extra,
  };
}

export interface StageResult {
  status: number | null;
  output: string;
  workdir: string;
  /** The folders the step's upload patterns matched after the run. */
  uploaded: string[];
}

export function runCommand(workdir: string, command: string, env: Record<string, string>) {
  const result = spawnSync('bash', ['-c', command], { cwd: workdir, env, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * One job: fresh checkout, the parts the step downloads copied in from `dataset` (a folder of
 * parts), the command run; on success the uploaded folders are copied into `dataset`.
 */
export function runStage(
  step: StageStep,
  project: { dir: string; environment: string },
  dataset: string,
  extra: Record<string, string> = {},
): StageResult {
  const workdir = checkoutProject(project.dir);
  for (const part of foldersIn(dataset)) {
    if (step.download.some((p) => matches(part, p))) {
      cpSync(path.join(dataset, part), path.join(workdir, part), { recursive: true });
    }
  }
  const cwd = path.join(workdir, step.subfolder);
  if (existsSync(path.join(cwd, '.env_gha')))
    copyFileSync(path.join(cwd, '.env_gha'), path.join(cwd, '.env'));
  const { status, output } = runCommand(cwd, step.command, stageEnv(project, extra));
  const uploaded = foldersIn(workdir).filter((f) => step.upload.some((p) => matches(f, p)));
  if (status === 0) {
    for (const part of uploaded) {
      cpSync(path.join(workdir, part), path.join(dataset, part), { recursive: true });
    }
  }
  return { status, output, workdir, uploaded: uploaded.sort() };
}

/** A new, empty dataset (a folder of parts). */
export const newDataset = () => scratchDir('cat-dataset-');

/** data-processing's three stages, run one after the other into a new dataset. */
export function processDataset(project: { dir: string; environment: string }) {
  const dataset = newDataset();
  const results = ['1a', '2a', '3a'].map((stage) =>
    runStage(stageStep('data-processing', stage), project, dataset),
  );
  return { dataset, results };
}
