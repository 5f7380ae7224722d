/** Where a program is, as a shell finds it: the first executable file of that name on a PATH. */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export function findOnPath(
  command: string,
  searchPath = process.env.PATH ?? '',
): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}
