// The published actions: every root folder with an action.yml. Build, docs and the runner use this list.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function actionNames() {
  return readdirSync(repoRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(repoRoot, e.name, 'action.yml')))
    .map((e) => e.name)
    .sort();
}
