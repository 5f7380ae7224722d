/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  quick: boolean;
  runs: number;
  concurrency: number;
  big: boolean;
  /** Multipart threshold for our uploads, in MiB (default: the transfer's own, 100 MiB). */
  multipartFromMiB?: number;
}

export const USAGE = `npm run bench -- [options]
  --quick               200 small files + 2 of 16 MiB, a 256 MiB memory check, 1 run
  --runs N              rounds of upload + download per tool (default 4: each tool goes first
                        in half of them; 1 with --quick)
  --concurrency N       our parallel transfers (default 16; aws s3 sync keeps its default 10)
  --multipart-from MiB  our multipart threshold (default 100; 8 is what aws s3 sync uses)
  --no-big              skip the large-file memory check`;

function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} wants a positive number, got ${JSON.stringify(raw)}\n${USAGE}`);
  }
  return value;
}

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const options: BenchOptions = { quick: false, runs: 4, concurrency: 16, big: true };
  let runsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-big') options.big = false;
    else if (arg === '--runs') {
      options.runs = Math.floor(positive(arg, argv[++i]));
      runsGiven = true;
    } else if (arg === '--concurrency') options.concurrency = Math.floor(positive(arg, argv[++i]));
    else if (arg === '--multipart-from') options.multipartFromMiB = positive(arg, argv[++i]);
    else if (arg === '--help' || arg === '-h') return 'help';
    else throw new Error(`Unknown option ${arg}\n${USAGE}`);
  }
  if (options.quick && !runsGiven) options.runs = 1;
  return options;
}
