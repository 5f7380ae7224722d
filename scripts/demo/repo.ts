/** Paths in the repository the demo uses, and whether a part of the project has landed yet. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const exampleTenant = path.join(repoRoot, 'examples', 'tenant');
export const supportDir = path.join(repoRoot, 'tests', 'support');

/** An action is available when its action.yml and its committed bundle are both there. */
export function actionAvailable(action: string): boolean {
  return (
    existsSync(path.join(repoRoot, action, 'action.yml')) &&
    existsSync(path.join(repoRoot, 'dist', action, 'index.js'))
  );
}

/**
 * A module of tests/support that another part of the project provides, loaded when it exists;
 * undefined when it has not landed yet.
 */
export async function optionalSupport<T>(file: string): Promise<T | undefined> {
  const full = path.join(supportDir, file);
  if (!existsSync(full)) return undefined;
  return (await import(pathToFileURL(full).href)) as T;
}
