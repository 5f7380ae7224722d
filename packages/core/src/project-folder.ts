import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError, NotFoundError } from './errors';

export const DEFAULT_PROJECTS_ROOT = 'Project';

/** `Project` or `tenants/Project`: a relative path that stays inside the workspace. */
export function validateProjectsRoot(value: string, input = 'projects-root'): string {
  const normalized = path.posix.normalize(value.trim() || DEFAULT_PROJECTS_ROOT);
  if (path.isAbsolute(normalized) || normalized.split('/').includes('..')) {
    throw new InputError({
      input,
      received: value,
      expected: 'a folder path relative to the workspace, without ".."',
      example: DEFAULT_PROJECTS_ROOT,
    });
  }
  return normalized.replace(/\/$/, '');
}

/**
 * The project's folder, relative to the workspace (`Project/CAT-BE-DEV`). The folder must exist:
 * a typo in a dispatch form should fail here, not halfway through a stage.
 */
export function locateProjectFolder(
  workspace: string,
  projectsRoot: string,
  projectDir: string,
): string {
  const relative = `${projectsRoot}/${projectDir}`;
  const absolute = path.join(workspace, relative);
  if (existsSync(absolute) && statSync(absolute).isDirectory()) return relative;
  const rootPath = path.join(workspace, projectsRoot);
  const known = existsSync(rootPath)
    ? readdirSync(rootPath, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  const found = known.length
    ? `Projects found there: ${known.join(', ')}.`
    : `No project folders found under ${projectsRoot}/ (is the repository checked out?).`;
  throw new NotFoundError(
    `Project folder ${relative} does not exist in the workspace (${workspace}). ` +
      `The folder name is case-sensitive. ${found}`,
  );
}
