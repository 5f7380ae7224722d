/**
 * Who listens on a local port, for the "port already in use" error: `ss -ltnp` when it is there,
 * else the kernel's socket tables in /proc. Best effort: an empty answer just says less.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';

function fromSs(port: number): Promise<string> {
  return new Promise((resolve) => {
    execFile('ss', ['-Hltnp', `sport = :${port}`], { timeout: 3000 }, (error, stdout) => {
      if (error) return resolve('');
      // ss names the kernel's thread name (node's is "MainThread"): ask /proc for the program.
      const users = [...stdout.matchAll(/\("([^"]+)",pid=(\d+)/g)].map(([, name, pid]) => {
        let program = name;
        try {
          program = programName(pid);
        } catch {
          // Not readable: keep ss's name.
        }
        return `${program} (pid ${pid})`;
      });
      resolve([...new Set(users)].join(', '));
    });
  });
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the socket inode.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A') inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** Exported for tests: the /proc answer alone (runners without `ss`). */
export function fromProc(port: number): string {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return '';
  const holders: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const owns = readdirSync(`/proc/${pid}/fd`).some((fd) => {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        return inodes.has(link.replace(/^socket:\[(\d+)\]$/, '$1'));
      });
      if (owns) holders.push(`${programName(pid)} (pid ${pid})`);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return holders.join(', ') || 'another process (its owner is not visible to this user)';
}

/** Interpreters whose script says more about the process than their own name. */
const INTERPRETERS = /^(node|nodejs|python[\d.]*|bash|sh|dash|perl|ruby)$/;

/**
 * The program behind a pid: its script for an interpreter (`node session-manager-plugin ...` is
 * "session-manager-plugin"), else its executable's name. Never its arguments: a forwarder's
 * command line can carry session tokens.
 */
function programName(pid: string): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const program = path.basename(argv[0] ?? '');
    const script = argv.slice(1).find((arg) => !arg.startsWith('-'));
    if (INTERPRETERS.test(program) && script) return path.basename(script);
    if (program) return program;
  } catch {
    // Gone meanwhile: fall back to the kernel's name below.
  }
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

export async function describePortHolder(port: number): Promise<string> {
  const viaSs = await fromSs(port);
  if (viaSs) return viaSs;
  try {
    return fromProc(port);
  } catch {
    return '';
  }
}
