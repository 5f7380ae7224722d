/**
 * `npm run bench -- --cold`: each action's committed bundle doing its real work against local
 * endpoints (cold-services.ts), paired run by run with the Node floor (`node -e ''`, same Node 24
 * binary, same way of spawning), in turns A B B A ... Reports the median of the per-pair ratios.
 * `--vs-cac <dist/index.js>` adds aws-actions/configure-aws-credentials doing assume-role's work.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inputEnvironment, readActionMetadata } from '@cat-actions/cli';
import { startColdServices, type ColdStep } from './cold-services';
import { median, pairedRuns, timeOnce, type PairedResult, type TimedCommand } from './paired';
import { NODE24, repoRoot, runnerFiles } from './runners';

/** Target of issue 14: each action at most this many times the Node floor. */
export const COLD_TARGET = 2.5;
/** Target of issue 14: assume-role at most this fraction of configure-aws-credentials. */
export const CAC_TARGET = 0.5;

export interface ColdOptions {
  runs: number;
  vsCac?: string;
  /** Only these actions (default: all). */
  only: string[];
  /** More environment for our steps (e.g. NODE_OPTIONS=--cpu-prof), to compare settings. */
  extraEnv?: Record<string, string>;
}

export interface ColdRow {
  label: string;
  work: string;
  timed: string;
  medianSeconds: number;
  floorSeconds: number;
  ratio: number;
  min: number;
  max: number;
  /** Total CPU seconds of ours over the baseline's, all runs (whole processes). */
  cpuRatio: number;
  maxRss: number;
  floorMaxRss: number;
  target: string;
  met: boolean;
  requests?: string;
}

/** What a row reports of a paired run: medians, the ratio's spread, CPU and memory. */
function pairedFigures(paired: PairedResult) {
  return {
    medianSeconds: median(paired.a),
    floorSeconds: median(paired.b),
    ratio: median(paired.ratios),
    min: Math.min(...paired.ratios),
    max: Math.max(...paired.ratios),
    cpuRatio: sum(paired.cpuA) / sum(paired.cpuB),
    maxRss: paired.maxRssA,
    floorMaxRss: paired.maxRssB,
  };
}

/** The runner's file commands and inputs for one step, fresh before every run. */
function stepCommand(
  scratch: string,
  step: ColdStep,
  extraEnv: Record<string, string> = {},
): TimedCommand {
  const metadata = readActionMetadata(repoRoot, step.action);
  const runnerDir = path.join(scratch, `runner-${step.action}`);
  const files = runnerFiles(runnerDir);
  const base: NodeJS.ProcessEnv = {
    ...runnerEnv(),
    GITHUB_ACTION: step.action,
    RUNNER_TEMP: path.join(runnerDir, 'temp'),
    ...step.env,
    ...extraEnv,
    ...files,
  };
  return {
    file: NODE24,
    args: [metadata.main],
    env: { ...base, ...inputEnvironment(metadata.inputs, step.inputs, base) },
    cwd: step.env.GITHUB_WORKSPACE,
    untilLine: step.untilLine,
    prepare: () => {
      for (const file of Object.values(files)) writeFileSync(file, '');
    },
    check: (run) => {
      const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
      if (run.exitCode !== 0 || errors.length) {
        throw new Error(`exit ${run.exitCode}: ${errors.join(' ') || 'no ::error:: line'}`);
      }
      if (!step.untilLine && readFileSync(files.GITHUB_OUTPUT, 'utf8') === '') {
        throw new Error('wrote no output');
      }
    },
  };
}

/** What a GitHub-hosted runner sets for every step; nothing of this machine's AWS set-up. */
function runnerEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'USER'];
  return {
    ...Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]])),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/tenant-repo',
    GITHUB_RUN_ID: '777',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'Data processing',
    GITHUB_ACTION: 'step',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    RUNNER_OS: 'Linux',
    RUNNER_TOOL_CACHE: path.join(os.tmpdir(), 'cat-bench-toolcache'),
    // A runner has no AWS config files; make sure this machine's are not read either.
    AWS_CONFIG_FILE: path.join(os.tmpdir(), 'cat-bench-no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'cat-bench-no-aws-credentials'),
  };
}

/** configure-aws-credentials (its bundle, given by path) assuming the same role on the fake STS. */
function cacCommand(
  scratch: string,
  bundle: string,
  stsEnv: Record<string, string>,
  roleArn: string,
) {
  const runnerDir = path.join(scratch, 'runner-cac');
  mkdirSync(runnerDir, { recursive: true });
  const files = {
    GITHUB_OUTPUT: path.join(runnerDir, 'output'),
    GITHUB_ENV: path.join(runnerDir, 'env'),
    GITHUB_STATE: path.join(runnerDir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(runnerDir, 'summary.md'),
    GITHUB_PATH: path.join(runnerDir, 'path'),
  };
  const command: TimedCommand = {
    file: NODE24,
    args: [bundle],
    env: {
      ...runnerEnv(),
      ...stsEnv,
      ...files,
      // The runner passes inputs with their dashes kept.
      'INPUT_AWS-REGION': stsEnv.AWS_REGION,
      'INPUT_ROLE-TO-ASSUME': roleArn,
      'INPUT_STS-ENDPOINT': stsEnv.AWS_ENDPOINT_URL_STS,
      'INPUT_ROLE-SESSION-NAME': 'gha-cat-be-777-1',
      // No effect on a run that succeeds; a broken set-up then fails in seconds, not minutes.
      'INPUT_RETRY-MAX-ATTEMPTS': '1',
      GITHUB_WORKSPACE: scratch,
    },
    prepare: () => {
      for (const file of Object.values(files)) writeFileSync(file, '');
    },
    check: (run) => {
      const exported = readFileSync(files.GITHUB_ENV, 'utf8');
      if (run.exitCode !== 0 || !exported.includes('AWS_SESSION_TOKEN')) {
        throw new Error(`configure-aws-credentials did not assume the role (exit ${run.exitCode})`);
      }
    },
  };
  return command;
}

/** `2 ListObjectsV2 + 3 GetObject`: what the step asked S3 for, by operation. */
function countOperations(operations: string[]): string {
  const counts = new Map<string, number>();
  for (const operation of operations) counts.set(operation, (counts.get(operation) ?? 0) + 1);
  return [...counts].map(([operation, n]) => `${n} ${operation}`).join(' + ');
}

/** CPU seconds come in 10 ms steps (/usr/bin/time): totals over all runs, not pair by pair. */
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const fmt = (s: number) => `${(s * 1000).toFixed(0)} ms`;

export async function coldBench(options: ColdOptions): Promise<ColdRow[]> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-bench-cold-'));
  const services = await startColdServices(scratch);
  const floor: TimedCommand = {
    file: NODE24,
    args: ['-e', ''],
    env: runnerEnv(),
  };
  const rows: ColdRow[] = [];
  try {
    const steps = services.steps.filter(
      (s) => options.only.length === 0 || options.only.includes(s.action),
    );
    for (const step of steps) {
      const command = stepCommand(scratch, step, options.extraEnv);
      // One untimed run: proves the step does its work here, and warms the page cache.
      const before = services.stsRequests().length;
      const listed = services.listRequests().length;
      await timeOnce(command);
      const sts = services.stsRequests().slice(before);
      const requests =
        step.action === 'assume-role'
          ? `STS: ${sts.join(', ')}`
          : step.action === 'latest-dataset'
            ? countOperations(services.listRequests().slice(listed))
            : undefined;
      await timeOnce(floor);
      const timed = step.untilLine
        ? "spawn of `node dist/run-stage/index.js` to the stage's first line of output"
        : `spawn of \`node dist/${step.action}/index.js\` to its exit`;
      const row = async (label: string, measured: TimedCommand) => {
        const paired = await pairedRuns(measured, floor, options.runs);
        const figures = pairedFigures(paired);
        rows.push({
          label,
          work: step.work,
          timed,
          ...figures,
          target: `<= ${COLD_TARGET}x node floor`,
          met: figures.ratio <= COLD_TARGET,
          requests,
        });
        console.log(coldLine(rows.at(-1)!));
      };
      await row(step.action, command);
      // As on a fresh hosted runner: Node's compile cache empty before every run (and filled by it).
      const freshCache = path.join(scratch, 'fresh-tool-cache');
      const fresh = stepCommand(scratch, step, {
        ...options.extraEnv,
        RUNNER_TOOL_CACHE: freshCache,
      });
      const prepareFresh = fresh.prepare;
      fresh.prepare = () => {
        rmSync(freshCache, { recursive: true, force: true });
        prepareFresh?.();
      };
      await row(`${step.action}, empty compile cache`, fresh);
    }
    if (options.vsCac) {
      const bundle = path.resolve(options.vsCac);
      const cac = cacCommand(scratch, bundle, services.stsEnv, services.roleArn);
      const ours = stepCommand(
        scratch,
        services.steps.find((s) => s.action === 'assume-role')!,
        options.extraEnv,
      );
      const before = services.stsRequests().length;
      await timeOnce(cac);
      const cacRequests = services.stsRequests().slice(before);
      const paired = await pairedRuns(ours, cac, options.runs);
      const figures = pairedFigures(paired);
      rows.push({
        label: 'assume-role vs configure-aws-credentials',
        work:
          'the same AssumeRole on the fake STS; ours sends AssumeRole, configure-aws-credentials ' +
          `sends ${cacRequests.join(', ')}`,
        timed: 'spawn to exit of each bundle',
        ...figures,
        target: `<= ${CAC_TARGET}x configure-aws-credentials`,
        met: figures.ratio <= CAC_TARGET,
      });
      console.log(coldLine(rows.at(-1)!));
    }
    return rows;
  } finally {
    await services.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export function coldLine(row: ColdRow): string {
  return (
    `${row.label}: median ${fmt(row.medianSeconds)} vs ${fmt(row.floorSeconds)} = ` +
    `${row.ratio.toFixed(2)}x (pairs ${row.min.toFixed(2)}-${row.max.toFixed(2)}; CPU ` +
    `${row.cpuRatio.toFixed(2)}x) ${row.met ? 'meets' : 'MISSES'} ${row.target}`
  );
}

export function coldTable(rows: ColdRow[], runs: number): string[] {
  return [
    `| action (${runs} paired runs, medians) | real work against local endpoints | ours | baseline | wall ratio (min-max of pairs) | CPU ratio | peak RSS, ours / baseline | target |`,
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.work}${r.requests ? ` (${r.requests})` : ''} | ${fmt(r.medianSeconds)} | ` +
        `${fmt(r.floorSeconds)} | **${r.ratio.toFixed(2)}x** (${r.min.toFixed(2)}-${r.max.toFixed(2)}) | ` +
        `${r.cpuRatio.toFixed(2)}x | ${mib(r.maxRss)} / ${mib(r.floorMaxRss)} | ` +
        `${r.met ? 'met' : '**missed**'}: ${r.target} |`,
    ),
  ];
}
