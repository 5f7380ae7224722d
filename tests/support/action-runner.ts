import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLocalAction } from '../../packages/cli/src/local-runner';
import type { LocalRunOptions, LocalRunResult } from '../../packages/cli/src/local-runner';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the committed bundle of `action`, as the runner would, with a clean GITHUB_* environment. */
export function runAction(
  action: string,
  options: Omit<LocalRunOptions, 'repoRoot' | 'action'> = {},
): Promise<LocalRunResult> {
  return runLocalAction({ repoRoot, action, timeoutMs: 120_000, ...options });
}

/** A workspace holding `Project/<dir>` for each given project folder. */
export function makeWorkspace(projectDirs: string[], root = 'Project'): string {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'cat-ws-'));
  for (const dir of projectDirs) mkdirSync(path.join(workspace, root, dir), { recursive: true });
  return workspace;
}

/** The `::error::` lines of a log. */
export const errorLines = (log: string) => log.split('\n').filter((l) => l.startsWith('::error::'));
