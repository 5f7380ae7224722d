/** Command-line options of `npm run bench`. */
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
                        file, cold 10 pairs, scale 1,000 files / 1,000 datasets
  --runs N              transfer rounds (default 4: each tool goes first in half of them)
  --cold-runs N         paired runs per action for --cold (default 15, at least 10 counts)
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

function counts(name: string, raw: string | undefined): number[] {
  return (raw ?? '').split(',').map((part) => Math.floor(positive(name, part)));
}

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const options: BenchOptions = {
    transfers: false,
    cold: false,
    scale: false,
    quick: false,
    runs: 4,
    coldRuns: 15,
    concurrency: 16,
    big: true,
    only: [],
    scaleFiles: [1000, 10_000, 50_000],
    scaleDatasets: [1000, 10_000, 100_000],
    write: true,
  };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    given.add(arg);
    if (arg === '--quick') options.quick = true;
    else if (arg === '--transfers') options.transfers = true;
    else if (arg === '--cold') options.cold = true;
    else if (arg === '--scale') options.scale = true;
    else if (arg === '--all') options.transfers = options.cold = options.scale = true;
    else if (arg === '--no-big') options.big = false;
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--runs') options.runs = Math.floor(positive(arg, argv[++i]));
    else if (arg === '--cold-runs') options.coldRuns = Math.floor(positive(arg, argv[++i]));
    else if (arg === '--concurrency') options.concurrency = Math.floor(positive(arg, argv[++i]));
    else if (arg === '--vs-cac') {
      options.vsCac = argv[++i];
      if (!options.vsCac) throw new Error(`--vs-cac wants the path of a dist/index.js\n${USAGE}`);
    } else if (arg === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--scale-files') options.scaleFiles = counts(arg, argv[++i]);
    else if (arg === '--scale-datasets') options.scaleDatasets = counts(arg, argv[++i]);
    else if (arg === '--help' || arg === '-h') return 'help';
    else throw new Error(`Unknown option ${arg}\n${USAGE}`);
  }
  if (!options.transfers && !options.cold && !options.scale) options.transfers = true;
  if (options.quick) {
    if (!given.has('--runs')) options.runs = 1;
    if (!given.has('--cold-runs')) options.coldRuns = 10;
    if (!given.has('--scale-files')) options.scaleFiles = [1000];
    if (!given.has('--scale-datasets')) options.scaleDatasets = [1000];
  }
  return options;
}
