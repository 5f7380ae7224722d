import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export const ENV_GHA_FILE = '.env_gha';
export const ENV_FILE = '.env';

/**
 * Stages read their settings from `.env` (through python-dotenv or `pipenv run`); in CI the
 * tenant keeps the CI flavour in `.env_gha`, which replaces `.env` before the stage runs.
 * Returns whether a replacement happened.
 */
export function applyEnvGha(workingDirectory: string): boolean {
  const source = path.join(workingDirectory, ENV_GHA_FILE);
  if (!existsSync(source)) return false;
  copyFileSync(source, path.join(workingDirectory, ENV_FILE));
  return true;
}
