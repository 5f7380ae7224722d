/**
 * `npm run demo`: the command line around the demo's core. Every service it started is stopped on
 * the way out: at the end, on failure, and on Ctrl-C (SIGINT) or SIGTERM; with --keep the services
 * stay up until Ctrl-C.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseOptions, UsageError, USAGE, type DemoOptions } from './options';
import { endDescendants, endMarked, RUN_MARK } from './processes';
import { formatDuration, Progress } from './progress';
import { repoRoot } from './repo';
import { startServices } from './local-services';
import { runPipeline, type DemoResult } from './run';
import { ServiceSet } from './services';

const write = (text: string) => process.stdout.write(text);

export async function main(argv: string[]): Promise<number> {
  let options: DemoOptions;
  try {
    options = parseOptions(argv, repoRoot);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`demo: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    write(`${USAGE}\n`);
    return 0;
  }

  const started = Date.now();
  const busy = claimDir(options.dir);
  if (busy) {
    process.stderr.write(`demo: ${busy}\n`);
    return 2;
  }
  const services = new ServiceSet();
  // Every process the demo starts inherits this mark, also those that leave the process tree
  // (a tunnel forwarder runs in the background): the last sweep ends any of them still running.
  const mark = randomUUID();
  process.env[RUN_MARK] = mark;
  const cancel = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  /** With --keep, after the pipeline: Ctrl-C is the way to end, not an interruption. */
  let keeping: (() => void) | undefined;
  let ending = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while stopping: let the cleanup finish.
    if (ending) return;
    ending = true;
    if (keeping) {
      write(`\n${signal}: stopping the services ...\n`);
      keeping();
      return;
    }
    interrupted = signal;
    write(`\n${signal}: stopping the step and the services ...\n`);
    // The engine ends the running steps and still runs the post steps of what was opened (the
    // tunnel); the services stop last. Whatever is still running after a grace period is ended.
    cancel.abort();
    setTimeout(() => void endDescendants(), 15_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const progress = new Progress(write, options.verbose);
  write(
    `CAT pipeline demo: examples/tenant, project ${options.environment}:${options.projectDir}, ` +
      `sample size ${options.sampleSize}\nfiles in ${options.dir}\n`,
  );
  let result: DemoResult | undefined;
  let exitCode = 1;
  try {
    await startServices(services, options, progress);
    if (!interrupted) {
      result = await runPipeline(
        services,
        options,
        { write, aborted: () => !!interrupted, signal: cancel.signal },
        progress,
      );
      exitCode = result.exitCode;
    }
    if (options.keep && !interrupted) {
      printEndpoints(services, result);
      await new Promise<void>((resolve) => (keeping = resolve));
    }
  } catch (error) {
    process.stderr.write(`demo failed: ${(error as Error).stack ?? error}\n`);
    exitCode = 1;
  } finally {
    await endDescendants();
    await services.stopAll();
    await endMarked(RUN_MARK, mark);
    releaseDir(options.dir);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (interrupted) exitCode = interrupted === 'SIGINT' ? 130 : 143;
  const took = formatDuration(Date.now() - started);
  write(`\nservices stopped; exit code ${exitCode} (the demo took ${took})\n`);
  if (options.jsonFile) {
    const json = {
      exitCode,
      interrupted: interrupted ?? null,
      mark: `${RUN_MARK}=${mark}`,
      outcome: result?.outcome ?? null,
      runs: result?.runs ?? [],
      s3Directory: result?.s3Directory ?? null,
      steps: result?.steps.map(({ summary: _s, ...rest }) => rest) ?? [],
      slackMessages: result?.slackMessages ?? [],
      services: services.running
        .filter((s) => s.kind !== 'tool')
        .map(({ name, endpoint, pid }) => ({ name, endpoint, pid })),
      unavailable: services.unavailable,
    };
    writeFileSync(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  }
  return exitCode;
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

function printEndpoints(services: ServiceSet, result: DemoResult | undefined) {
  write('\n▶ Services kept running: Ctrl-C stops them\n');
  for (const s of services.running) {
    write(`  ${s.name}: ${s.endpoint}\n`);
    for (const [k, v] of Object.entries(s.details ?? {})) write(`    ${k}: ${v}\n`);
  }
  write('\n  To reach them from another shell:\n');
  for (const [k, v] of Object.entries(services.env())) write(`    export ${k}=${shellQuote(v)}\n`);
  const cli = services.get('aws cli');
  const s3 = services.get('s3');
  const awsCli = cli?.env.AWS_CLI;
  if (awsCli && s3 && result) {
    // --endpoint-url: the aws CLI reads AWS_ENDPOINT_URL_S3 only from version 2.13 on.
    const where = `s3://${result.bucket}/${result.tenant}/`;
    write(`\n  e.g.  ${awsCli} --endpoint-url ${s3.endpoint} s3 ls --recursive ${where}\n`);
  }
  const psql = services.get('database')?.details?.psql;
  if (psql) write(`        ${psql} -c 'TABLE demo_listings LIMIT 5'\n`);
}

/**
 * One demo per folder: a second one would wipe the first one's S3 files and workspaces while it
 * runs. A pid file whose process is gone (killed) does not count.
 */
function claimDir(dir: string): string | undefined {
  const file = path.join(dir, 'demo.pid');
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    process.kill(pid, 0);
    if (pid !== process.pid) {
      return `another demo (pid ${pid}) is running in ${dir}: wait for it, or give --dir another folder`;
    }
  } catch {
    // no pid file, or its process is gone
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, String(process.pid));
  return undefined;
}

function releaseDir(dir: string) {
  rmSync(path.join(dir, 'demo.pid'), { force: true });
}
