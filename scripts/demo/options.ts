/**
 * The demo's command line: which project to run, how many records 5a samples, whether to keep the
 * services up afterwards, and where its files go.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

/** The demo's flags, read by node:util's parseArgs. */
const FLAGS = {
  project: { type: 'string' },
  'sample-size': { type: 'string' },
  keep: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  dir: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface DemoOptions {
  /** The project folder under examples/tenant/Project: DEMO (PROD) or DEMO-DEV (DEV). */
  projectDir: string;
  environment: 'DEV' | 'PROD';
  /** `SAMPLE_SIZE` for data testing (5a): a positive whole number or `all`. */
  sampleSize: string;
  keep: boolean;
  verbose: boolean;
  /** Everything the demo writes (workspace copy, S3 files, service data); wiped at the start. */
  dir: string;
  /** Writes the outcome as JSON there (for tests and CI). */
  jsonFile?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run demo -- [options]

Runs the example tenant's caller workflows (examples/tenant/.github/workflows) with the workflow
engine of \`npx cat-actions workflow\`, against local services: S3, STS and Secrets Manager, the
bastion (EC2 and SSM stand-ins), Slack, and PostgreSQL (the system's, else embedded PGlite). Data
processing first, then data testing, data upload, the Zoho Desk sync and an upload into a database
that is down (to show the Slack alert), side by side. No AWS account needed; nothing but Node.

  --project DEMO|DEMO-DEV   the project folder; DEMO-DEV runs as DEV, DEMO as PROD (default DEMO-DEV)
                            (also accepted: DEV:DEMO-DEV, PROD:DEMO)
  --sample-size N|all       records data testing (5a) samples (default 5)
  --keep                    keep the services running after the pipeline, print their endpoints,
                            and wait for Ctrl-C
  --verbose                 stream every step's log
  --dir PATH                where the demo writes its files (default .demo; what an earlier
                            demo left there is removed at the start)
  --json FILE               also write the outcome as JSON to FILE
  --help                    this text

Exit code 0 when the pipeline ended with a complete dataset (1b, 2b, 3b each with a manifest), a
test result under test_results/, rows loaded by stage 4 and the Slack alert of the failing stage
captured.`;

export class UsageError extends Error {}

export function parseOptions(argv: string[], repoRoot: string): DemoOptions {
  const options: DemoOptions = {
    projectDir: 'DEMO-DEV',
    environment: 'DEV',
    sampleSize: '5',
    keep: false,
    verbose: false,
    dir: path.join(repoRoot, '.demo'),
    help: false,
  };
  // Non-strict parsing hands back every token, so each mistake gets the demo's own message.
  const { tokens } = parseArgs({
    args: argv,
    options: FLAGS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional' || !(token.name in FLAGS)) {
      throw new UsageError(
        `unknown option ${token.kind === 'positional' ? token.value : token.rawName}`,
      );
    }
    const value = () => {
      if (token.value === undefined || token.value === '') {
        throw new UsageError(`${token.rawName} needs a value`);
      }
      return token.value;
    };
    switch (token.name as keyof typeof FLAGS) {
      case 'project':
        Object.assign(options, parseProject(value()));
        break;
      case 'sample-size':
        options.sampleSize = parseSampleSize(value());
        break;
      case 'keep':
        options.keep = true;
        break;
      case 'verbose':
        options.verbose = true;
        break;
      case 'dir':
        options.dir = path.resolve(value());
        break;
      case 'json':
        options.jsonFile = path.resolve(value());
        break;
      case 'help':
        options.help = true;
        break;
    }
  }
  return options;
}

/** `DEMO-DEV` runs as DEV and `DEMO` as PROD, as their names say; `ENV:DIR` sets both. */
export function parseProject(value: string): Pick<DemoOptions, 'projectDir' | 'environment'> {
  const spec = /^(DEV|PROD):(.+)$/i.exec(value);
  const projectDir = spec ? spec[2] : value;
  if (!/^[A-Za-z0-9][\w.-]*$/.test(projectDir)) {
    throw new UsageError(`--project ${value}: expected DEMO or DEMO-DEV`);
  }
  const environment = spec
    ? (spec[1].toUpperCase() as 'DEV' | 'PROD')
    : /-DEV$/i.test(projectDir)
      ? 'DEV'
      : 'PROD';
  return { projectDir, environment };
}

export function parseSampleSize(value: string): string {
  if (value.toLowerCase() === 'all') return 'all';
  if (/^[1-9]\d*$/.test(value)) return value;
  throw new UsageError(`--sample-size ${value}: expected a positive whole number or "all"`);
}
