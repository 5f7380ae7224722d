/**
 * A PATH without some programs, as on a machine that lacks them, with no root and no namespace:
 * each folder of PATH becomes a folder of symlinks to everything in it except the hidden names
 * (as ../shared/tools/bare builds its farm). With CAT_PROGRAMS_ON_PATH_ONLY=1 the local services
 * do not look in /usr/sbin or /usr/lib/postgresql either, so the programs are gone for them too.
 *
 *   const bare = pathWithout(['pipenv', 'aws', 'psql', 'postgres', 'initdb', 'pg_ctl', 'sshd']);
 *   spawn('npm', ['run', 'demo'], { env: { ...process.env, ...bare.env } });
 *   bare.remove();
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface HiddenPrograms {
  /** PATH (the symlink folders) and CAT_PROGRAMS_ON_PATH_ONLY=1. */
  env: Record<string, string>;
  remove(): void;
}

/** What a bare machine lacks: pipenv, the aws CLI, PostgreSQL (client and server) and sshd. */
export const BARE_MACHINE_HIDES = [
  'pipenv',
  'aws',
  'aws_completer',
  'session-manager-plugin',
  'psql',
  'pg_ctl',
  'pg_ctlcluster',
  'initdb',
  'postgres',
  'sshd',
  'ssh',
];

export function pathWithout(hidden: string[], basePath = process.env.PATH ?? ''): HiddenPrograms {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cat-hidden-path-'));
  const dirs = [...new Set(basePath.split(path.delimiter).filter(Boolean))];
  const farms = dirs.map((dir, i) => {
    const farm = path.join(root, String(i));
    mkdirSync(farm);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // a PATH entry that does not exist: an empty folder keeps the order
    }
    for (const name of names) {
      if (!hidden.includes(name)) symlinkSync(path.join(dir, name), path.join(farm, name));
    }
    return farm;
  });
  return {
    env: { PATH: farms.join(path.delimiter), CAT_PROGRAMS_ON_PATH_ONLY: '1' },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
