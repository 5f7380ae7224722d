/**
 * The processes this demo started, found through /proc, so an interrupted run ends the step it was
 * running (the bundle and its stage process) and not only the services it knows by handle.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
  /** The working directory ('' when it cannot be read). */
  cwd: string;
}

function cwdOf(pid: string): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
}

export function listProcesses(): ProcInfo[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return []; // not Linux: nothing to scan
  }
  const list: ProcInfo[] = [];
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name sits in parentheses and may hold spaces: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // a zombie is already gone, only not reaped yet
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      list.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        cmdline: cmdline.trim(),
        cwd: cwdOf(entry),
      });
    } catch {
      // the process ended while we looked
    }
  }
  return list;
}

export function descendants(root: number, all = listProcesses()): ProcInfo[] {
  const found: ProcInfo[] = [];
  const parents = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** Processes whose command line or working directory mentions `text` (the demo's directory). */
export function processesMentioning(text: string): ProcInfo[] {
  return listProcesses().filter(
    (p) => p.pid !== process.pid && (p.cmdline.includes(text) || p.cwd.includes(text)),
  );
}

/** The environment variable that marks every process of one demo run. */
export const RUN_MARK = 'CAT_DEMO_RUN';

/** Processes (other than this one) whose environment holds `name=value`. */
export function processesMarked(name: string, value: string): ProcInfo[] {
  const entry = `${name}=${value}`;
  return listProcesses().filter((p) => {
    if (p.pid === process.pid) return false;
    try {
      return readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0').includes(entry);
    } catch {
      return false;
    }
  });
}

/** Ends what `find` lists: SIGTERM, then SIGKILL to what is left after `graceMs`. */
async function endAll(find: () => ProcInfo[], graceMs: number): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    const left = find();
    for (const p of left) {
      try {
        process.kill(p.pid, sig);
      } catch {
        // already gone
      }
    }
    return left.length;
  };
  if (!signal('SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && find().length) await new Promise((r) => setTimeout(r, 100));
  signal('SIGKILL');
}

/** Ends every process that carries this run's mark and is still running. */
export function endMarked(name: string, value: string, graceMs = 2000): Promise<void> {
  return endAll(() => processesMarked(name, value), graceMs);
}

/** Sends SIGTERM to every descendant of this process, then SIGKILL to what is left after `graceMs`. */
export function endDescendants(graceMs = 2000): Promise<void> {
  return endAll(() => descendants(process.pid), graceMs);
}
