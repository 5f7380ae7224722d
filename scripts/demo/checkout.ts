/**
 * Each workflow run of the demo works in its own "checkout" of examples/tenant: the files git would
 * check out (tracked ones, and new ones git does not ignore, so a tenant trying out a change of
 * their own sees it run), never what an earlier run of a stage left there (.env, .venv, parts).
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  symlinkSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';

/** Without git (a source tarball): the same rules as examples/tenant/.gitignore. */
const LEFT_BY_STAGES = /^(\.env|\.venv|__pycache__|[1-3]b.*|test_results|zohodesk_output)$/;

function gitFiles(source: string): string[] | undefined {
  try {
    const out = execFileSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'],
      { cwd: source, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return out.split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

function lstatIfExists(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function checkout(source: string, target: string): void {
  const files = gitFiles(source);
  if (!files) {
    cpSync(source, target, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (from) => !LEFT_BY_STAGES.test(path.basename(from)) || from === source,
    });
    return;
  }
  for (const file of files) {
    const from = path.join(source, file);
    const to = path.join(target, file);
    mkdirSync(path.dirname(to), { recursive: true });
    // A file listed by git but deleted in the working tree is simply not there.
    const stat = lstatIfExists(from);
    if (!stat) continue;
    // Symlinks stay relative links inside the checkout (DEMO-DEV shares DEMO's stages), as git
    // checks them out, so that nothing a stage writes lands back in examples/tenant.
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else copyFileSync(from, to);
  }
}
