import path from 'node:path';
import { datasetPrefix, s3Uri, stageLogKey } from '@cat-actions/core';
import { resolveDataset } from './dataset-choice';
import { applyEnvGha, ENV_GHA_FILE } from './env-file';
import {
  describeSystemPython,
  preparePipenv,
  requirePipenv,
  type PipenvCache,
  type PipenvEnvironment,
} from './pipenv-setup';
import { describeLeftovers, runProcessTree, type ProcessOutcome } from './process-tree';
import { foldersToPublish, publishFolders, type PublishedFolder } from './publish';
import { pythonSetup } from './python-env';
import { SecretRedactor } from './redaction';
import { secretEnvironment, secretValues } from './secret-env';
import { stageEnvironment } from './stage-environment';
import { StageLog, storeStageLog } from './stage-log';
import { planStage, type StagePlan, type StageRequest } from './stage-plan';
import type { StageStore, Transferred } from './stage-store';

/** What the action layer gives the stage: the runner's log, masking, groups and cache. */
export interface StageHost {
  info(line: string): void;
  warning(message: string): void;
  /** A `::notice::` annotation (python: system says so); info when the host has none. */
  notice?(message: string): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Registers a value to mask (::add-mask::); called before anything is printed. */
  setSecret(value: string): void;
  cache: PipenvCache;
  useCache: boolean;
  /** The job's environment the stage inherits. */
  env: NodeJS.ProcessEnv;
  tempDir: string;
  runnerOs: string;
  runId?: string;
  runAttempt?: string;
  now?: () => Date;
  /** Between SIGTERM and SIGKILL when the tree is ended. */
  graceMs?: number;
}

export interface DownloadedPart extends Transferred {
  part: string;
  verified: boolean;
}

export interface StageOutcome {
  plan: StagePlan;
  dataset: string;
  datasetUri: string;
  startedAt: Date;
  exitCode: number;
  /** Set when the stage or its environment failed: the step fails with this message. */
  failure?: string;
  downloaded: DownloadedPart[];
  published: PublishedFolder[];
  resultsUri?: string;
  /** Where the redacted stage log was stored; unset when it could not be (a warning says why). */
  logUri?: string;
  /** The last LOG_TAIL_LINES lines of the stage's output, redacted: for the failure alert. */
  logTail: string[];
  python?: PipenvEnvironment;
  runSeconds: number;
  transferSeconds: number;
}

/** Lines of output a failure alert carries (the log-tail output). */
export const LOG_TAIL_LINES = 20;
/**
 * The log upload may not hold the step: bounded, and shorter once the runner cancelled (it sends
 * SIGKILL 10 s after its first signal).
 */
const LOG_UPLOAD_MS = 60_000;
const LOG_UPLOAD_CANCELLED_MS = 2_000;

/** `bash` or `sh`, then words the shell takes literally (no quotes, `$`, globs, `~`, `=`). */
const DIRECT_COMMAND = /^(?:bash|sh)(?: [A-Za-z0-9_./:,+@%-]+)+$/;

/**
 * How the stage's command is started. `bash <stage>/run.sh` (the default) and any command of
 * plain words after bash or sh start as they are: through `bash -c`, bash would only start up
 * and then exec the same thing, ~3.5 ms of every stage's start (issue 14). Everything else (the
 * command input is shell syntax) goes through `bash -c`. The one visible difference: SHLVL is one
 * lower in the stage.
 */
export const stageArgv = (command: string): string[] =>
  DIRECT_COMMAND.test(command) ? command.split(' ') : ['bash', '-c', command];

/** "dataset 20240328_084742_utc (latest)", or "no dataset" for a stage without one (sync). */
export const describeDataset = (plan: StagePlan, name: string) =>
  plan.dataset.kind === 'none' ? 'no dataset' : `dataset ${name} (${plan.dataset.kind})`;

function failureMessage(
  plan: StagePlan,
  run: ProcessOutcome,
  timeoutMs: number,
  logUri: string | undefined,
): string {
  const where = `\`${plan.command}\` in ${plan.workingDirectoryLabel}`;
  const head = run.timedOut
    ? `Stage ${plan.stage} ran longer than timeout-minutes (${timeoutMs / 60_000}) and was ended ` +
      `with all its processes (exit code ${run.exitCode}): ${where}. No part was uploaded. ` +
      'Raise timeout-minutes if the stage needs longer.'
    : run.cancelled
      ? `Stage ${plan.stage} was cancelled (exit code ${run.exitCode}): ${where}. No part was uploaded.`
      : `Stage ${plan.stage} failed with exit code ${run.exitCode}: ${where}. No part was uploaded.`;
  const log = logUri ? ` Its full log (redacted): ${logUri}` : '';
  return run.tail.length
    ? `${head}${log}\nLast lines of its output:\n${run.tail.join('\n')}`
    : `${head}${log}`;
}

/**
 * One pipeline stage, in the order that keeps the data safe: validate everything, read the
 * secret and the dataset, and only then write (.env, downloads, venv); run; publish only after
 * a zero exit, the manifest of each part last; then the redacted log.
 */
export async function runStage(
  request: StageRequest,
  host: StageHost,
  store: StageStore,
): Promise<StageOutcome> {
  const now = host.now ?? (() => new Date());
  const startedAt = now();
  const plan = planStage(request);

  // The secret and the dataset are only read, and the stage needs both: asked for together they
  // cost one round trip instead of two (issue 14). The secret is still settled first, so its
  // failure is the one reported and its values are masked before any line could carry them.
  const datasetRead = resolveDataset(plan.dataset, {
    store,
    tenant: plan.tenant,
    startedAt,
    download: plan.download,
  });
  // Awaited below, after the secret: until then a rejection must not count as unhandled.
  datasetRead.catch(() => undefined);
  const secrets = plan.secretName
    ? secretEnvironment(await store.readSecret(plan.secretName), plan.secretName)
    : {};
  const values = secretValues(secrets);
  for (const value of values) host.setSecret(value);
  const redactor = new SecretRedactor(values);
  const redact = (line: string) => redactor.redact(line);
  const python = pythonSetup(plan.python, plan.workingDirectory);
  const pipenv = python.kind === 'pipenv';
  if (python.kind === 'pipenv') {
    requirePipenv(host.env, plan.workingDirectoryLabel, python.manifest);
  }

  const dataset = await datasetRead;
  const outcome: StageOutcome = {
    plan,
    dataset: dataset.name,
    datasetUri: dataset.name ? s3Uri(plan.bucket, datasetPrefix(plan.tenant, dataset.name)) : '',
    startedAt,
    exitCode: -1,
    logTail: [],
    downloaded: [],
    published: [],
    runSeconds: 0,
    transferSeconds: 0,
  };
  host.info(
    `Stage ${plan.stage} of ${plan.tenant}, ${describeDataset(plan, dataset.name)}, ` +
      `in ${plan.workingDirectoryLabel}${values.length ? `, ${Object.keys(secrets).length} secret variable(s)` : ''}`,
  );

  // From here on, things are written.
  if (applyEnvGha(plan.workingDirectory)) host.info(`${ENV_GHA_FILE} copied over .env`);
  if (dataset.parts.length) {
    await host.group(`Download ${dataset.parts.join(', ')} of ${dataset.name}`, async () => {
      const started = Date.now();
      for (const part of dataset.parts) {
        const moved = await store.downloadPart(plan.tenant, dataset.name, part, {
          localDir: path.join(plan.workingDirectory, part),
          concurrency: plan.concurrency,
          print: host.info,
        });
        outcome.downloaded.push({ part, ...moved });
      }
      outcome.transferSeconds += (Date.now() - started) / 1000;
    });
  }

  const env = stageEnvironment(
    host.env,
    {
      tenant: plan.tenant,
      bucket: plan.bucket,
      dataset: dataset.name,
      projectDir: plan.projectDir,
      environment: plan.environment,
      workingDirectory: plan.workingDirectory,
    },
    plan.env,
    secrets,
  );
  const logKey = stageLogKey(plan.tenant, {
    stage: plan.stage,
    startedAt,
    runId: host.runId,
    runAttempt: host.runAttempt,
  });
  const log = new StageLog(host.tempDir, logKey);
  log.write(`# run-stage ${plan.stage} · ${plan.tenant} · ${describeDataset(plan, dataset.name)}`);
  log.write(`# ${plan.workingDirectoryLabel}$ ${plan.command}`);
  log.write(`# started ${startedAt.toISOString()}`);
  if (python.kind === 'system') {
    const said = await describeSystemPython(env, plan.workingDirectoryLabel);
    if (said.notice) (host.notice ?? host.info)(said.notice);
    if (said.warning) host.warning(said.warning);
  }
  if (python.kind === 'pipenv') {
    outcome.python = await host.group(`Python environment (pipenv ${python.command})`, () =>
      preparePipenv({
        workingDirectory: plan.workingDirectory,
        command: python.command,
        manifest: python.manifest,
        label: plan.workingDirectoryLabel,
        env,
        cache: host.cache,
        useCache: host.useCache,
        os: host.runnerOs,
        print: host.info,
        warn: host.warning,
        redact,
      }),
    );
    const failed = outcome.python.failure;
    if (failed) {
      outcome.exitCode = failed.exitCode;
      const hint = failed.exitCode === 127 ? ' Is pipenv installed on the runner?' : '';
      outcome.failure =
        `pipenv ${python.command} failed with exit code ${failed.exitCode} in ${plan.workingDirectoryLabel}; ` +
        `the stage did not run.${hint}\nLast lines of its output:\n${failed.tail.join('\n')}`;
      outcome.logTail = failed.tail.slice(-LOG_TAIL_LINES);
      for (const line of failed.tail) log.write(line);
      log.write(
        `# pipenv ${python.command} failed with exit code ${failed.exitCode}; the stage did not run`,
      );
      log.close();
      outcome.logUri = await storeStageLog(store, host, log, plan.bucket, LOG_UPLOAD_MS);
      return outcome;
    }
  }

  const run = await host.group(`Run stage ${plan.stage}: ${plan.command}`, async () => {
    const argv = stageArgv(plan.command);
    const [file, ...args] = pipenv ? ['pipenv', 'run', ...argv] : argv;
    return runProcessTree({
      file,
      args,
      cwd: plan.workingDirectory,
      env: pipenv ? { ...env, PIPENV_VENV_IN_PROJECT: '1', PIPENV_VERBOSITY: '-1' } : env,
      timeoutMs: plan.timeoutMs,
      graceMs: host.graceMs,
      redactor,
      onLine: (line) => {
        host.info(line);
        log.write(line);
      },
    });
  });
  log.write(`# exit code ${run.exitCode} after ${(run.durationMs / 1000).toFixed(1)} s`);
  log.close();
  if (log.writeError) {
    host.warning(
      `The stage log stopped being written (${log.writeError.message}); the copy in S3 ends there.`,
    );
  }
  outcome.exitCode = run.exitCode;
  outcome.runSeconds = run.durationMs / 1000;
  outcome.logTail = run.tail.slice(-LOG_TAIL_LINES);
  if (run.leftovers.length) host.warning(describeLeftovers(run.leftovers, redact));
  if (run.survivors.length) {
    host.warning(
      `${run.survivors.length} process(es) of the stage did not end even on SIGKILL ` +
        `(uninterruptible I/O?): ${run.survivors.map((p) => `pid ${p.pid}`).join(', ')}.`,
    );
  }
  if (run.exitCode !== 0 || run.timedOut || run.cancelled) {
    // The failure is when the log is needed most: stored before the step fails, bounded.
    outcome.logUri = await storeStageLog(
      store,
      host,
      log,
      plan.bucket,
      run.cancelled ? LOG_UPLOAD_CANCELLED_MS : LOG_UPLOAD_MS,
    );
    outcome.failure = failureMessage(plan, run, plan.timeoutMs, outcome.logUri);
    return outcome;
  }

  const folders = foldersToPublish(plan);
  if (folders.length) {
    const publication = await host.group(`Upload ${folders.join(', ')}`, () =>
      publishFolders(plan, store, dataset.name, startedAt, folders, host.info, host.warning),
    );
    outcome.published = publication.folders;
    outcome.resultsUri = publication.resultsUri;
    outcome.transferSeconds += publication.seconds;
  }
  // The data is published by now: a log that cannot be stored is worth a warning, not a failed
  // step (a re-run would redo the whole stage for it).
  outcome.logUri = await storeStageLog(store, host, log, plan.bucket, LOG_UPLOAD_MS);
  return outcome;
}
