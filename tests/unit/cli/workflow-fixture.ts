/**
 * Workflows written inline by the engine tests: each in a repository of its own (a temp folder
 * with `.github/workflows/`), run by the engine against this checkout's actions.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWorkflow } from '../../../packages/cli/src/workflow/workflow-runner';
import type {
  StepRun,
  WorkflowEvent,
  WorkflowOptions,
} from '../../../packages/cli/src/workflow/types';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const folders: string[] = [];

/** A temp folder, removed by removeFolders(). */
export function tempFolder(prefix = 'cat-engine-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

export function removeFolders(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A repository holding `files` (path -> text); returns the path of `.github/workflows/<main>`. */
export function repository(files: Record<string, string>): string {
  const repo = tempFolder('cat-engine-repo-');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), text);
  }
  return repo;
}

/** Runs `yaml` as `.github/workflows/test.yml` of a new repository (plus `files`). */
export async function runYaml(
  yaml: string,
  options: Partial<WorkflowOptions> & { files?: Record<string, string> } = {},
) {
  const { files = {}, ...rest } = options;
  const repo = repository({ ...files, '.github/workflows/test.yml': yaml });
  const events: WorkflowEvent[] = [];
  const run = await runWorkflow({
    repoRoot,
    workflowFile: path.join(repo, '.github/workflows/test.yml'),
    tempDir: tempFolder('cat-engine-runs-'),
    onEvent: (event) => events.push(event),
    ...rest,
  });
  const step = (job: string, name: string, leg = 0): StepRun => {
    const found = run.jobs[job]?.[leg]?.steps.find((s) => s.id === name || s.name === name);
    if (!found) throw new Error(`no step ${name} in job ${job}`);
    return found;
  };
  return { run, events, repo, step };
}
