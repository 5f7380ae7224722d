/**
 * Which system programs this machine has. A demo part that needs a missing one is reported with the
 * command that installs it, and the rest of the demo runs.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

export interface SystemNeed {
  /** Executable name, e.g. `sshd`. */
  program: string;
  /** The Debian package that provides it. */
  aptPackage: string;
}

export const NEEDS = {
  sshd: { program: 'sshd', aptPackage: 'openssh-server' },
  ssh: { program: 'ssh', aptPackage: 'openssh-client' },
  initdb: { program: 'initdb', aptPackage: 'postgresql' },
  pgCtl: { program: 'pg_ctl', aptPackage: 'postgresql' },
  psql: { program: 'psql', aptPackage: 'postgresql-client' },
  python3: { program: 'python3', aptPackage: 'python3' },
  pipenv: { program: 'pipenv', aptPackage: 'pipenv' },
  awsCli: { program: 'aws', aptPackage: 'awscli' },
} satisfies Record<string, SystemNeed>;

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where Debian puts programs outside a user's PATH: sbin, the PostgreSQL version folders. */
export function debianDirs(): string[] {
  const dirs = ['/usr/sbin', '/sbin', '/usr/local/sbin'];
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort().reverse();
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {
    // no Debian PostgreSQL: fine, PATH may have another one
  }
  return dirs;
}

export function findProgram(
  program: string,
  env: NodeJS.ProcessEnv = process.env,
  extraDirs = debianDirs(),
): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    const file = path.join(dir, program);
    if (executable(file)) return file;
  }
  return undefined;
}

/** The needs this machine lacks. */
export function missing(
  needs: SystemNeed[],
  env: NodeJS.ProcessEnv = process.env,
  extraDirs = debianDirs(),
): SystemNeed[] {
  return needs.filter((need) => !findProgram(need.program, env, extraDirs));
}

/** `apt-get install -y a b` for what is missing (sudo when not root). */
export function installCommand(needs: SystemNeed[]): string {
  const packages = [...new Set(needs.map((n) => n.aptPackage))];
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get install -y ${packages.join(' ')}`;
}
