/**
 * Which system programs this machine has, looked up on PATH (and where Debian puts programs outside
 * a user's PATH), with the version found. A service or stage that needs a missing one fails with
 * the Debian package that provides it, never with a bare ENOENT.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { findOnPath } from '@cat-actions/process';

export interface SystemNeed {
  /** Executable name, e.g. `sshd`. */
  program: string;
  /** The Debian package that provides it. */
  aptPackage: string;
}

export const NEEDS = {
  sshd: { program: 'sshd', aptPackage: 'openssh-server' },
  ssh: { program: 'ssh', aptPackage: 'openssh-client' },
  sshKeygen: { program: 'ssh-keygen', aptPackage: 'openssh-client' },
  initdb: { program: 'initdb', aptPackage: 'postgresql' },
  pgCtl: { program: 'pg_ctl', aptPackage: 'postgresql' },
  psql: { program: 'psql', aptPackage: 'postgresql-client' },
  python3: { program: 'python3', aptPackage: 'python3' },
  pipenv: { program: 'pipenv', aptPackage: 'pipenv' },
  awsCli: { program: 'aws', aptPackage: 'awscli' },
} satisfies Record<string, SystemNeed>;

/** A system program is missing: the message names the Debian package and the install command. */
export class MissingSystemPackageError extends Error {
  readonly packages: string[];
  constructor(
    readonly needs: SystemNeed[],
    purpose: string,
  ) {
    const programs = needs.map((n) => n.program).join(', ');
    super(
      `${programs} not found on PATH (nor in ${debianDirs().join(', ') || '/usr/sbin'}): ` +
        `${purpose}. Install the Debian package(s) with: ${installCommand(needs)}`,
    );
    this.name = 'MissingSystemPackageError';
    this.packages = [...new Set(needs.map((n) => n.aptPackage))];
  }
}

/**
 * Set to 1, programs are looked up on PATH only: a PATH that leaves programs out (the bare-machine
 * test, which cannot unmount /usr/sbin without root) then hides them completely.
 */
export const PATH_ONLY_VARIABLE = 'CAT_PROGRAMS_ON_PATH_ONLY';

/** Where Debian puts programs outside a user's PATH: sbin, the PostgreSQL version folders. */
export function debianDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env[PATH_ONLY_VARIABLE] === '1') return [];
  const dirs = ['/usr/sbin', '/sbin', '/usr/local/sbin'];
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort().reverse();
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {
    // no Debian PostgreSQL: fine, PATH may have another one
  }
  return dirs;
}

/** The first `program` on PATH, then in Debian's extra folders; undefined when there is none. */
export function findProgram(
  program: string,
  env: NodeJS.ProcessEnv = process.env,
  extraDirs = debianDirs(env),
): string | undefined {
  return findOnPath(program, [env.PATH ?? '', ...extraDirs].join(path.delimiter));
}

/** The needs this machine lacks. */
export function missing(
  needs: SystemNeed[],
  env: NodeJS.ProcessEnv = process.env,
  extraDirs = debianDirs(env),
): SystemNeed[] {
  return needs.filter((need) => !findProgram(need.program, env, extraDirs));
}

/** Throws MissingSystemPackageError for what `purpose` needs and this machine lacks. */
export function requirePrograms(needs: SystemNeed[], purpose: string): void {
  const lacking = missing(needs);
  if (lacking.length) throw new MissingSystemPackageError(lacking, purpose);
}

/** `apt-get install -y a b` for what is missing (sudo when not root). */
export function installCommand(needs: SystemNeed[]): string {
  const packages = [...new Set(needs.map((n) => n.aptPackage))];
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get install -y ${packages.join(' ')}`;
}

/**
 * The first line `program --version` prints (stdout or stderr: aws CLI v1 and python2 write it to
 * stderr), e.g. `aws-cli/2.9.19 Python/3.11.2 ...`; undefined when it cannot be run.
 */
export async function programVersion(
  file: string,
  args = ['--version'],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { env, timeout: 15_000 });
    return `${stdout}\n${stderr}`.trim().split('\n')[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface FoundProgram {
  path: string;
  /** First line of its `--version`, when it printed one. */
  version?: string;
}

/** A program on PATH with its version, or undefined when it is not installed. */
export async function locateProgram(
  program: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FoundProgram | undefined> {
  const file = findProgram(program, env);
  if (!file) return undefined;
  return { path: file, version: await programVersion(file, ['--version'], env) };
}
