import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDotEnv, type DotEnv } from './env-lines';

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

/**
 * The working directory's `.env` (after `.env_gha` replaced it), read as python-dotenv reads it.
 * `lookup` answers `${NAME}` references the file itself does not define. No file: nothing.
 */
export function readDotEnv(
  workingDirectory: string,
  lookup?: (name: string) => string | undefined,
): DotEnv {
  const file = path.join(workingDirectory, ENV_FILE);
  if (!existsSync(file)) return { variables: {}, skippedLines: [] };
  return parseDotEnv(readFileSync(file, 'utf8'), lookup);
}
