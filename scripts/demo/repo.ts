/** Paths in the repository the demo uses, and whether an action's bundle is there to run. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const exampleTenant = path.join(repoRoot, 'examples', 'tenant');

/** An action is available when its action.yml and its committed bundle are both there. */
export function actionAvailable(action: string): boolean {
  return (
    existsSync(path.join(repoRoot, action, 'action.yml')) &&
    existsSync(path.join(repoRoot, 'dist', action, 'index.js'))
  );
}
