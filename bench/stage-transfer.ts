/**
 * A transfer as users run it: the committed run-stage bundle (`node dist/run-stage/index.js`, the
 * runner's Node 24) as a whole process, with a stage command that does nothing (`true`), so the
 * process is start-up + secretless set-up + the transfer + the manifest + the stage log. Upload:
 * stage 1a publishes the part folder `1b_bench` of a new dataset; download: stage 2a downloads
 * that part of the named dataset. Peak RSS and CPU seconds come from /usr/bin/time (paired.ts).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inputEnvironment, readActionMetadata } from '@cat-actions/cli';
import { timeOnce } from './paired';
import { NODE24, repoRoot, runnerFiles, type Measured } from './runners';

export const BENCH_PART = '1b_bench';
const TENANT = 'cat-bench';

export interface StageTransferSetup {
  scratch: string;
  endpoint: string;
  bucket: string;
  concurrency: number;
  /** Node options before the bundle (e.g. `--cpu-prof` to see where a transfer's time goes). */
  nodeOptions?: string[];
}

/** The project folder run-stage works in for one operation (upload and download differ). */
export function projectFolder(scratch: string, op: 'upload' | 'download'): string {
  return path.join(scratch, `ws-${op}`, 'Project', 'CAT-BENCH');
}

/**
 * Runs run-stage once. Upload publishes `projectFolder(upload)/1b_bench` (the caller put the
 * files there) as a new dataset and returns its name; download fetches that part of `dataset`
 * into `projectFolder(download)/1b_bench`.
 */
export async function runStageTransfer(
  setup: StageTransferSetup,
  op: 'upload' | 'download',
  dataset?: string,
): Promise<Measured & { dataset: string }> {
  const project = projectFolder(setup.scratch, op);
  const workspace = path.dirname(path.dirname(project));
  mkdirSync(project, { recursive: true });
  if (op === 'download') rmSync(path.join(project, BENCH_PART), { recursive: true, force: true });
  const runnerDir = path.join(setup.scratch, `runner-${op}`);
  const files = runnerFiles(runnerDir);
  for (const file of Object.values(files)) writeFileSync(file, '');
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/tenant-repo',
    GITHUB_RUN_ID: '777',
    GITHUB_RUN_ATTEMPT: '1',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: path.join(runnerDir, 'temp'),
    RUNNER_TOOL_CACHE: path.join(setup.scratch, 'toolcache'),
    TENANT_NAME: TENANT,
    PROJECT_DIR: 'CAT-BENCH',
    S3_BUCKET_NAME: setup.bucket,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: setup.endpoint,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...files,
  };
  const inputs: Record<string, string> =
    op === 'upload'
      ? { stage: '1a', command: 'true', dataset: 'new', upload: BENCH_PART }
      : { stage: '2a', command: 'true', dataset: dataset ?? '', download: BENCH_PART, upload: '' };
  const metadata = readActionMetadata(repoRoot, 'run-stage');
  const env = {
    ...base,
    ...inputEnvironment(
      metadata.inputs,
      {
        ...inputs,
        'secret-name': 'none',
        python: 'none',
        cache: 'false',
        concurrency: String(setup.concurrency),
      },
      base,
    ),
  };
  const run = await timeOnce({
    file: NODE24,
    args: [...(setup.nodeOptions ?? []), metadata.main],
    env,
    cwd: workspace,
    check: (finished) => {
      if (finished.exitCode !== 0) throw new Error(`run-stage ${op} exited ${finished.exitCode}`);
    },
  });
  const outputs = readFileSync(files.GITHUB_OUTPUT, 'utf8');
  const name =
    /dataset<<[^\n]*\n([^\n]*)/.exec(outputs)?.[1] ?? /^dataset=(.*)$/m.exec(outputs)?.[1];
  if (!name) throw new Error(`run-stage ${op} gave no dataset output:\n${outputs.slice(0, 500)}`);
  return {
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    maxRssBytes: run.maxRssBytes,
    dataset: name,
  };
}
