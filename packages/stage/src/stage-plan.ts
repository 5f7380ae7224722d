import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  checkedInput,
  InputError,
  LATEST,
  validateDatasetRef,
  validatePartName,
  validateProjectsRoot,
} from '@cat-actions/core';
import { parseEnvLines } from './env-lines';
import { parsePartPatterns } from './part-patterns';
import { parsePythonMode, type PythonMode } from './python-env';
import { parseStageCommand } from './stage-command';

/** What the tenant asked for, as received (inputs already defaulted from the environment). */
export interface StageRequest {
  workspace: string;
  stage: string;
  workingDirectory: string;
  projectDir: string;
  /**
   * The folder holding the project folders, as resolve-tenant's `projects-root` (default
   * `Project`): the working directory defaults to <projectsRoot>/<projectDir>.
   */
  projectsRoot?: string;
  command: string;
  /**
   * A script of the stage folder with its interpreter and arguments (`bash run.sh`), checked to
   * stay inside the folder; replaces command. Optional for callers that predate it.
   */
  stageCommand?: string;
  dataset: string;
  download: string;
  upload: string;
  publishTo: string;
  bucket: string;
  tenant: string;
  secretName: string;
  environment: string;
  env: string;
  python: string;
  timeoutMinutes: string;
  concurrency: string;
}

/**
 * The dataset a stage works on. `none`: the stage has no dataset at all (the Zoho Desk sync
 * writes to <tenant>/zohodesk-data/ through its own script), so no name is made up for it.
 */
export type DatasetChoice =
  { kind: 'new' } | { kind: 'latest' } | { kind: 'named'; name: string } | { kind: 'none' };
export type PublishTarget = 'datasets' | 'test-results';

/** Everything validated, before anything is read from S3 or written anywhere. */
export interface StagePlan {
  stage: string;
  workspace: string;
  /** Absolute. */
  workingDirectory: string;
  /** Relative to the workspace, for messages: Project/CAT-BE-DEV. */
  workingDirectoryLabel: string;
  command: string;
  dataset: DatasetChoice;
  download: string[];
  upload: string[];
  publishTo: PublishTarget;
  bucket: string;
  tenant: string;
  secretName: string;
  environment: string;
  projectDir: string;
  env: Record<string, string>;
  python: PythonMode;
  timeoutMs: number;
  concurrency: number;
}

export const SYNC_STAGE = 'sync';
export const SYNC_FOLDER = 'zoho_desk_sync/update_cycle_GHA';
export const SYNC_SCRIPT_NAME = 'run_update.sh';
export const SYNC_SCRIPT = `${SYNC_FOLDER}/${SYNC_SCRIPT_NAME}`;
export const DEFAULT_TIMEOUT_MINUTES = 360;
/** 3 s, for tests; up to 5 days, the longest a (self-hosted) job may run; both fit Node's timer. */
export const MIN_TIMEOUT_MINUTES = 0.05;
export const MAX_TIMEOUT_MINUTES = 7200;
export const DEFAULT_CONCURRENCY = 16;

/** The script a stage runs when no command is given: `<stage>/run.sh`, or the sync's script. */
export const defaultStageScript = (stage: string) =>
  stage === SYNC_STAGE ? SYNC_SCRIPT : `${stage}/run.sh`;

/**
 * The sync's folder of the old pipeline, `zoho_desk_sync/update_cycle_GHA`, may itself be the
 * working directory (its `.env_gha`, Pipfile and Pipfile.lock live there): its script is then
 * `run_update.sh` beside them, run from there as the old workflow did.
 */
function defaultScriptIn(stage: string, workingDirectory: string): string {
  if (stage === SYNC_STAGE && existsSync(path.join(workingDirectory, SYNC_SCRIPT_NAME))) {
    return SYNC_SCRIPT_NAME;
  }
  return defaultStageScript(stage);
}

/** Where a stage's own scripts live: `<stage>/`, or the working directory for the sync. */
export const stageFolderOf = (stage: string) => (stage === SYNC_STAGE ? '.' : stage);

function chooseCommand(request: StageRequest, stage: string, absolute: string, label: string) {
  const stageCommand = request.stageCommand?.trim() ?? '';
  if (stageCommand && request.command.trim()) {
    throw new InputError({
      input: 'stage-command',
      received: stageCommand,
      expected: 'either stage-command (a script of the stage folder) or command, not both',
      example: 'bash run.sh',
    });
  }
  if (stageCommand)
    return parseStageCommand(stageCommand, absolute, stageFolderOf(stage)).shellCommand;
  if (request.command.trim()) return request.command;
  const script = defaultScriptIn(stage, absolute);
  checkStageScript(stage, script, absolute, label);
  return `bash ${script}`;
}

function validateStage(stage: string): string {
  return checkedInput(stage, (name) => /^[A-Za-z0-9][\w.-]*$/.test(name), {
    input: 'stage',
    expected: 'a stage folder name such as 1a, 2a, 3a, 4, 5a or sync',
    example: '2a',
  });
}

function resolveWorkingDirectory(request: StageRequest): { absolute: string; label: string } {
  const given = request.workingDirectory.trim();
  // resolve-tenant's root (default Project): the folder is looked up where the tenant was found.
  const projectsRoot = validateProjectsRoot(request.projectsRoot ?? '');
  if (!given && !request.projectDir.trim()) {
    throw new InputError({
      input: 'working-directory',
      expected:
        'a folder relative to the workspace (or the PROJECT_DIR variable from resolve-tenant)',
      example: `${projectsRoot}/CAT-BE-DEV`,
    });
  }
  const label = path.posix.normalize(given || `${projectsRoot}/${request.projectDir.trim()}`);
  const absolute = path.resolve(request.workspace, label);
  const inside = path.relative(request.workspace, absolute);
  if (
    path.isAbsolute(label) ||
    inside.startsWith('..') ||
    !existsSync(absolute) ||
    !statSync(absolute).isDirectory()
  ) {
    throw new InputError({
      input: 'working-directory',
      received: label,
      expected:
        'an existing folder inside the workspace (is the repository checked out?' +
        (given ? ')' : `; empty, it is projects-root ${projectsRoot} + PROJECT_DIR)`),
      example: `${projectsRoot}/CAT-BE-DEV`,
    });
  }
  return { absolute, label: label.replace(/\/$/, '') };
}

/** With the default command, the stage folder must hold its script: a typo fails here, clearly. */
function checkStageScript(
  stage: string,
  script: string,
  workingDirectory: string,
  label: string,
): void {
  if (existsSync(path.join(workingDirectory, script))) return;
  const stages = readdirSync(workingDirectory, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(workingDirectory, e.name, 'run.sh')))
    .map((e) => e.name)
    .sort();
  if (existsSync(path.join(workingDirectory, SYNC_SCRIPT))) stages.push(SYNC_STAGE);
  throw new InputError({
    input: 'stage',
    received: stage,
    expected:
      `a stage of ${label} (no ${label}/${script}); stages found: ` +
      `${stages.length ? stages.join(', ') : 'none'}. Or give command`,
    example: stages[0] ?? '1a',
  });
}

/**
 * `new`, `LATEST` or a name. Empty: no dataset for the sync (it never writes one), else `new`
 * when nothing is downloaded (1a) and `LATEST` otherwise.
 */
export function parseDatasetChoice(
  value: string,
  download: readonly string[],
  stage = '',
): DatasetChoice {
  const trimmed = value.trim();
  if (trimmed === '') {
    if (stage === SYNC_STAGE) return { kind: 'none' };
    return download.length ? { kind: 'latest' } : { kind: 'new' };
  }
  if (trimmed.toLowerCase() === 'new') return { kind: 'new' };
  try {
    const ref = validateDatasetRef(trimmed);
    return ref === LATEST ? { kind: 'latest' } : { kind: 'named', name: ref };
  } catch {
    throw new InputError({
      input: 'dataset',
      received: value,
      expected: 'new, LATEST or a dataset name yyyymmdd_hhmmss_utc',
      example: '20240328_084742_utc',
    });
  }
}

/** A new dataset has nothing to download; without one, nothing can be downloaded or published. */
function checkDatasetFits(
  dataset: DatasetChoice,
  received: string,
  download: readonly string[],
  upload: readonly string[],
  publishTo: PublishTarget,
): void {
  if (dataset.kind === 'new' && download.length) {
    throw new InputError({
      input: 'dataset',
      received,
      expected: `LATEST or a dataset name: a new dataset has no parts to download (download: ${download.join(' ')})`,
      example: 'LATEST',
    });
  }
  if (dataset.kind !== 'none') return;
  // Only the sync runs without a dataset: parts to read or to publish all live under a dataset
  // name, so asking for them without one is a mistake to name before the run, not after it.
  const needs = [
    ...(download.length ? [`download (${download.join(' ')}) reads parts of one`] : []),
    ...(upload.length
      ? [
          `upload (${upload.join(' ')}) publishes to ` +
            (publishTo === 'datasets'
              ? '<tenant>/datasets/<dataset>/'
              : '<tenant>/test_results/<dataset>/'),
        ]
      : []),
  ];
  if (!needs.length) return;
  throw new InputError({
    input: 'dataset',
    received,
    expected:
      `a dataset: ${needs.join(', and ')}. Stage ${SYNC_STAGE} runs without one unless ` +
      'dataset (or DATASET_NAME) gives new, LATEST or a name',
    example: 'LATEST',
  });
}

function parsePublishTarget(value: string): PublishTarget {
  const target = (value.trim() || 'datasets').toLowerCase();
  if (target === 'datasets' || target === 'test-results') return target;
  throw new InputError({
    input: 'publish-to',
    received: value,
    expected: 'datasets or test-results',
    example: 'test-results',
  });
}

function parseNumber(
  value: string,
  input: string,
  fallback: number,
  check: (n: number) => boolean,
  expected: string,
): number {
  if (value.trim() === '') return fallback;
  const n = Number(value.trim());
  if (!Number.isFinite(n) || !check(n)) {
    throw new InputError({ input, received: value, expected, example: String(fallback) });
  }
  return n;
}

function required(value: string, input: string, variable: string, example: string): string {
  const trimmed = value.trim();
  if (!trimmed) {
    throw new InputError({ input, expected: `a value (or the ${variable} variable)`, example });
  }
  if (/[\s/]/.test(trimmed)) {
    throw new InputError({
      input,
      received: value,
      expected: 'a name without blanks or "/"',
      example,
    });
  }
  return trimmed;
}

/** Validates every input at once, so that a bad one fails before anything is read or written. */
export function planStage(request: StageRequest): StagePlan {
  const stage = validateStage(request.stage);
  const { absolute, label } = resolveWorkingDirectory(request);
  const command = chooseCommand(request, stage, absolute, label);
  const download = parsePartPatterns(request.download, 'download');
  const upload = parsePartPatterns(request.upload, 'upload');
  const publishTo = parsePublishTarget(request.publishTo);
  // A literal folder name published as a dataset part must be a part name: say so before the run.
  if (publishTo === 'datasets') {
    for (const pattern of upload) if (!/[*?[]/.test(pattern)) validatePartName(pattern, 'upload');
  }
  const dataset = parseDatasetChoice(request.dataset, download, stage);
  checkDatasetFits(dataset, request.dataset, download, upload, publishTo);
  return {
    stage,
    workspace: request.workspace,
    workingDirectory: absolute,
    workingDirectoryLabel: label,
    command,
    dataset,
    download,
    upload,
    publishTo,
    bucket: required(request.bucket, 'bucket', 'S3_BUCKET_NAME', 'cat-data-dev-123456789012'),
    tenant: required(request.tenant, 'tenant', 'TENANT_NAME', 'cat-be'),
    secretName: request.secretName.trim(),
    environment: request.environment.trim(),
    projectDir: request.projectDir.trim() || path.basename(absolute),
    env: parseEnvLines(request.env),
    python: parsePythonMode(request.python),
    timeoutMs:
      parseNumber(
        request.timeoutMinutes,
        'timeout-minutes',
        DEFAULT_TIMEOUT_MINUTES,
        (n) => n >= MIN_TIMEOUT_MINUTES && n <= MAX_TIMEOUT_MINUTES,
        `a number of minutes from ${MIN_TIMEOUT_MINUTES} to ${MAX_TIMEOUT_MINUTES} (5 days; fractions allowed)`,
      ) * 60_000,
    concurrency: parseNumber(
      request.concurrency,
      'concurrency',
      DEFAULT_CONCURRENCY,
      (n) => Number.isInteger(n) && n >= 1 && n <= 64,
      'a whole number from 1 to 64',
    ),
  };
}
