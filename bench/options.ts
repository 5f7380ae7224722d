/** Command-line options of `npm run bench`, read with node:util's parseArgs. */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Sections to run; none given: transfers. */
  transfers: boolean;
  cold: boolean;
  scale: boolean;
  quick: boolean;
  /** Rounds of transfers (each tool goes first in half of them). */
  runs: number;
  /** Paired runs per action in --cold. */
  coldRuns: number;
  concurrency: number;
  big: boolean;
  /** configure-aws-credentials' dist/index.js, for --cold. */
  vsCac?: string;
  /** --cold: only these actions. */
  only: string[];
  /** --scale sizes. */
  scaleFiles: number[];
  scaleDatasets: number[];
  /** Write bench/RESULTS.md (default true). */
  write: boolean;
}

export const USAGE = `npm run bench -- [sections] [options]
sections (default: --transfers):
  --transfers           run-stage's bundle (upload, download) against aws s3 sync on one s3rver,
                        then peak memory for a 1 GiB file
  --cold                each action's bundle doing its real work against local endpoints, paired
                        with the Node floor (node -e '')
  --scale               wall time, requests and peak RSS as files and datasets grow
  --all                 all three
options:
  --quick               smaller everything: 200 small files + 2 of 16 MiB, 1 round, a 256 MiB
                        file, cold 11 pairs, scale 1,000 files / 1,000 datasets
  --runs N              transfer rounds (default 4: each tool goes first in half of them)
  --cold-runs N         paired runs per action for --cold (default 21; --quick 11)
  --vs-cac PATH         --cold: add aws-actions/configure-aws-credentials (its dist/index.js,
                        fetched separately, never committed) assuming the same role
  --only a,b            --cold: only these actions
  --scale-files N,N     --scale: file counts (default 1000,10000,50000)
  --scale-datasets N,N  --scale: dataset counts for LATEST (default 1000,10000,100000)
  --concurrency N       run-stage's concurrency input (default 16, its default)
  --no-big              skip the 1 GiB memory check
  --no-write            print only; leave bench/RESULTS.md as it is`;

function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} wants a positive number, got ${JSON.stringify(raw)}\n${USAGE}`);
  }
  return value;
}

function counts(name: string, raw: string): number[] {
  return raw.split(',').map((part) => Math.floor(positive(name, part)));
}

const flag = { type: 'boolean' } as const;
const text = { type: 'string' } as const;

/** The flags USAGE lists; a value-taking flag given twice keeps its last value. */
const FLAGS = {
  transfers: flag,
  cold: flag,
  scale: flag,
  all: flag,
  quick: flag,
  'no-big': flag,
  'no-write': flag,
  help: { ...flag, short: 'h' },
  runs: text,
  'cold-runs': text,
  concurrency: text,
  'vs-cac': text,
  only: text,
  'scale-files': text,
  'scale-datasets': text,
} as const;

function read(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs names the flag (unknown option, missing value, stray argument); USAGE says the rest.
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
}

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const given = read(argv);
  if (given.help) return 'help';
  const quick = Boolean(given.quick);
  const whole = (name: keyof typeof FLAGS, fallback: number, quickly: number) => {
    const raw = given[name];
    if (raw === undefined) return quick ? quickly : fallback;
    return Math.floor(positive(`--${name}`, raw as string));
  };
  const sizes = (name: 'scale-files' | 'scale-datasets', fallback: number[]) => {
    const raw = given[name];
    if (raw === undefined) return quick ? [1000] : fallback;
    return counts(`--${name}`, raw);
  };
  if (given['vs-cac'] === '')
    throw new Error(`--vs-cac wants the path of a dist/index.js\n${USAGE}`);
  const options: BenchOptions = {
    transfers: Boolean(given.transfers || given.all),
    cold: Boolean(given.cold || given.all),
    scale: Boolean(given.scale || given.all),
    quick,
    runs: whole('runs', 4, 1),
    coldRuns: whole('cold-runs', 21, 11),
    concurrency: whole('concurrency', 16, 16),
    big: !given['no-big'],
    vsCac: given['vs-cac'],
    only: (given.only ?? '').split(',').filter(Boolean),
    scaleFiles: sizes('scale-files', [1000, 10_000, 50_000]),
    scaleDatasets: sizes('scale-datasets', [1000, 10_000, 100_000]),
    write: !given['no-write'],
  };
  // No section named: the transfers, the section the bench started with.
  if (!options.transfers && !options.cold && !options.scale) options.transfers = true;
  return options;
}
