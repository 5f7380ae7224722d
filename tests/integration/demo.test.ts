/**
 * `npm run demo` end to end: the real entry point in a child process, as a newcomer runs it, with
 * its files in a temp dir. Afterwards no process it started may be left and no endpoint may answer.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { processesMarked, processesMentioning } from '../../scripts/demo/processes';
import { promisify } from 'node:util';
import { repoRoot } from '../support/action-runner';
import { BARE_MACHINE_HIDES, pathWithout } from '../support/hidden-programs';

const execFileAsync = promisify(execFile);

interface DemoJson {
  exitCode: number;
  interrupted: string | null;
  /** NAME=value that every process of the run inherits. */
  mark: string;
  outcome: {
    ok: boolean;
    completeDataset?: string;
    testResults: string[];
    slackAlerts: number;
    missing: string[];
  } | null;
  runs: { name: string; workflow: string; url: string; result: string }[];
  steps: { job: string; id: string; title: string; status: string }[];
  slackMessages: string[];
  services: { name: string; endpoint: string; pid?: number }[];
  unavailable: { name: string; reason: string; install?: string }[];
}

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json: DemoJson;
  dir: string;
}

/** How long one demo may take here before the test stops it (Ctrl-C) and shows where it was. */
const DEMO_DEADLINE_MS = 150_000;

/** Each run's folder (workspaces with their Python environments, S3 files), removed at the end. */
const demoDirs: string[] = [];
afterAll(() => {
  for (const dir of demoDirs) rmSync(dir, { recursive: true, force: true });
});

const lastLines = (text: string, count = 40) => text.split('\n').slice(-count).join('\n');

/**
 * Runs the demo; once its output matches `when.output`, awaits `when.then` (checks while it is
 * still running), then sends SIGINT as Ctrl-C would. A demo that outlives the deadline is stopped
 * the same way and the run fails with the end of its output.
 */
function runDemo(
  args: string[],
  when?: { output: RegExp; then?: (stdout: string) => Promise<void> },
  env: Record<string, string> = {},
): Promise<DemoRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-demo-test-'));
  demoDirs.push(dir);
  const jsonFile = path.join(dir, 'outcome.json');
  const child = spawn(
    process.execPath,
    ['scripts/demo.mjs', '--dir', dir, '--json', jsonFile, ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let stdout = '';
  let stderr = '';
  let checked: Promise<void> | undefined;
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    child.kill('SIGINT');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  }, DEMO_DEADLINE_MS);
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (when && !checked && when.output.test(stdout)) {
      checked = (when.then?.(stdout) ?? Promise.resolve()).finally(() => child.kill('SIGINT'));
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      clearTimeout(deadline);
      const output = `stdout:\n${lastLines(stdout)}\nstderr:\n${lastLines(stderr, 10)}`;
      if (timedOut) {
        reject(new Error(`the demo ran past ${DEMO_DEADLINE_MS / 1000} s; ${output}`));
        return;
      }
      let json: DemoJson;
      try {
        json = JSON.parse(readFileSync(jsonFile, 'utf8')) as DemoJson;
      } catch {
        reject(new Error(`the demo ended (${code}) without its JSON outcome; ${output}`));
        return;
      }
      (checked ?? Promise.resolve()).then(
        () => resolve({ code, stdout, stderr, dir, json }),
        reject,
      );
    }),
  );
}

/** `export NAME='value'` lines of the demo's --keep output. */
function exportedEnv(stdout: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, name, value] of stdout.matchAll(/^ +export (\w+)='([^']*)'$/gm)) env[name] = value;
  return env;
}

/** While --keep holds the services: they answer, and the printed aws command lists the data. */
async function exploreKeptServices(stdout: string) {
  const endpoints = [...stdout.matchAll(/^ {2}(s3|slack|bastion): (http:\S+)$/gm)].map((m) => m[2]);
  expect(endpoints).toHaveLength(3);
  for (const endpoint of endpoints) expect(await answers(endpoint)).toBe(true);
  const command = /^ +e\.g\. +(\S+ --endpoint-url \S+ s3 ls --recursive \S+)$/m.exec(stdout)?.[1];
  if (!command) {
    throw new Error(
      `no aws CLI example in the --keep output: is the aws CLI installed (apt-get install -y awscli)?\n${lastLines(stdout)}`,
    );
  }
  const [cli, ...args] = command.split(' ');
  const { stdout: listing } = await execFileAsync(cli, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...exportedEnv(stdout) },
  });
  expect(listing).toMatch(/3b_enriched\/_cat_manifest\.json/);
}

/** True when something accepts connections at the endpoint's host and port. */
function answers(endpoint: string): Promise<boolean> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function expectNothingLeft(run: DemoRun) {
  expect(run.json.services.map((s) => s.name)).toEqual(
    expect.arrayContaining(['s3', 'sts + secrets manager', 'slack']),
  );
  for (const service of run.json.services) expect(await answers(service.endpoint)).toBe(false);
  expect(processesMentioning(run.dir).map((p) => p.cmdline)).toEqual([]);
  const [name, value] = run.json.mark.split('=');
  expect(processesMarked(name, value).map((p) => p.cmdline)).toEqual([]);
}

/** A value of the demo tenant's secret: it must show nowhere in the demo's output. */
const SECRET_VALUE = 'demo-db-password-not-real-7Qx2';

describe('npm run demo', () => {
  it('ends with a complete dataset, a test result and the Slack alert, exit code 0, nothing left running', async () => {
    const started = Date.now();
    const run = await runDemo(['--sample-size', '3', '--keep'], {
      output: /Services kept running: Ctrl-C stops them[\s\S]*e\.g\./,
      then: exploreKeptServices,
    });
    const seconds = (Date.now() - started) / 1000;
    expect(run.stderr).not.toMatch(/demo failed/);
    const outcome = run.json.outcome!;
    expect(outcome.missing).toEqual([]);
    expect(outcome.completeDataset).toMatch(/^\d{8}_\d{6}_utc$/);
    expect(outcome.testResults).toEqual([expect.stringMatching(`^${outcome.completeDataset}/`)]);
    expect(outcome.slackAlerts).toBe(1);
    expect(run.json.slackMessages[0]).toMatch(/Stage 4 \(upload\) failed for DEV:DEMO-DEV/);
    expect(run.json.slackMessages[0]).toMatch(/Upload script: upload_to_postgress\.sh/);
    expect(run.stdout).toContain(run.json.slackMessages[0].split('\n')[0]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Result: ✓ the pipeline did its job/);

    // Every service ran (a missing system package shows here with its install command), the
    // engine ran the example callers' workflows, and every step passed except the stage that
    // fails on purpose.
    expect(run.json.unavailable).toEqual([]);
    expect(run.json.runs.map((r) => [r.name, r.workflow, r.result])).toEqual([
      ['data-processing', '.github/workflows/data-processing.yml', 'success'],
      ['data-testing', '.github/workflows/data-testing.yml', 'success'],
      ['data-upload', '.github/workflows/data-upload.yml', 'success'],
      ['zoho-desk-sync', '.github/workflows/zoho-desk-sync.yml', 'success'],
      ['failing-stage', '.github/workflows/data-upload.yml', 'failure'],
    ]);
    const failed = run.json.steps.filter((s) => s.status === 'failed');
    expect(failed.map((s) => [s.job, s.title])).toEqual([
      ['failing-stage › data-upload / 4 data upload', 'Run stage 4 (upload)'],
    ]);
    for (const id of ['tenant', 'aws', 'bucket', 'dataset', 'tunnel', 'stage']) {
      expect(run.json.steps.find((s) => s.id === id)?.status).toBe('ok');
    }
    // Progress and the end report.
    expect(run.stdout).toMatch(/━━ \.github\/workflows\/data-processing\.yml project=DEMO-DEV/);
    expect(run.stdout).toMatch(/✓ Run stage 3a \(2b -> 3b\) +\d+\.\ds/);
    expect(run.stdout).toMatch(/▶ S3: s3:\/\/cat-data-demo-dev\/demo\//);
    expect(run.stdout).toMatch(/3b_enriched\/ +\d+ files?, /);
    expect(run.stdout).toMatch(/Stage 3a of demo succeeded/);
    expect(run.stdout).toContain(path.join(run.dir, 's3', 'cat-data-demo-dev'));
    expect(run.stdout).toMatch(/demo_listings +\d+ rows/);
    // The sample size reached stage 5a, whose own report the demo shows as data-testing.yml does.
    expect(run.stdout).toMatch(/▶ Test report \(5a[^\n]*\n[\s\S]*SAMPLE_SIZE=3/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET_VALUE);
    await expectNothingLeft(run);
    process.stdout.write(`demo run: ${seconds.toFixed(1)} s\n`);
  }, 180_000);

  it('completes on a machine without pipenv, the aws CLI, PostgreSQL and sshd, saying what it used instead', async () => {
    const bare = pathWithout(BARE_MACHINE_HIDES);
    let run: DemoRun;
    const started = Date.now();
    try {
      run = await runDemo(['--sample-size', '3'], undefined, bare.env);
    } finally {
      bare.remove();
    }
    const seconds = (Date.now() - started) / 1000;
    expect(run.stderr).not.toMatch(/demo failed/);
    expect(run.json.outcome!.missing).toEqual([]);
    expect(run.json.outcome!.slackAlerts).toBe(1);
    expect(run.code).toBe(0);
    expect(run.json.unavailable).toEqual([]);
    // What stood in for each missing part, said in the list of services.
    expect(run.stdout).toMatch(/embedded PostgreSQL [\d.]+ \(PGlite, WebAssembly; pglite 0\.5\.14/);
    expect(run.stdout).toMatch(/psql stand-in on node-postgres/);
    expect(run.stdout).toMatch(/aws cli +stand-in .*no aws CLI installed/);
    expect(run.stdout).toMatch(/pipenv not installed: the stages run with python: system/);
    // Stage 4 and the sync loaded the embedded database through the tunnel.
    expect(run.stdout).toMatch(/demo_listings +[1-9]\d* rows/);
    expect(run.stdout).toMatch(/zoho_tickets +[1-9]\d* rows/);
    expect(run.stdout).toMatch(/Result: ✓ the pipeline did its job/);
    await expectNothingLeft(run);
    process.stdout.write(`demo run on a bare PATH: ${seconds.toFixed(1)} s\n`);
  }, 180_000);

  it('stops the running stage and every service on Ctrl-C', async () => {
    const run = await runDemo([], { output: /▶ data-processing \/ 1a data fetch/ });
    expect(run.code).toBe(130);
    expect(run.json.interrupted).toBe('SIGINT');
    expect(run.stdout).toMatch(/SIGINT: stopping/);
    await expectNothingLeft(run);
  }, 180_000);

  it('fails with what is missing, and stops every service, when the pipeline cannot run', async () => {
    const run = await runDemo(['--project', 'NOPE-DEV']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ Resolve the tenant/);
    expect(run.stdout).toMatch(/│ error: .*NOPE-DEV/);
    expect(run.stdout).toMatch(/Result: ✗ incomplete/);
    expect(run.json.outcome?.missing).toEqual([
      expect.stringMatching(/^a complete dataset .*: found no dataset at all$/),
      'a test result under nope/test_results/',
      expect.stringMatching(/^rows in demo_listings loaded by stage 4/),
      expect.stringContaining('Slack alert'),
    ]);
    await expectNothingLeft(run);
  }, 180_000);

  it('rejects a bad option with the usage', async () => {
    const child = spawn(process.execPath, ['scripts/demo.mjs', '--sample-size', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--sample-size 0: expected a positive whole number or "all"/);
    expect(stderr).toMatch(/Usage: npm run demo/);
  });
});
