/**
 * `npm run demo` end to end: the real entry point in a child process, as a newcomer runs it, with
 * its files in a temp dir. Afterwards no process it started may be left and no endpoint may answer.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { processesMentioning } from '../../scripts/demo/processes';
import { repoRoot } from '../support/action-runner';

interface DemoJson {
  exitCode: number;
  interrupted: string | null;
  outcome: {
    ok: boolean;
    completeDataset?: string;
    testResults: string[];
    slackAlerts: number;
    missing: string[];
  } | null;
  steps: { id: string; title: string; status: string; reason?: string }[];
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

function runDemo(args: string[], interruptWhen?: RegExp): Promise<DemoRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-demo-test-'));
  const jsonFile = path.join(dir, 'outcome.json');
  const child = spawn(
    process.execPath,
    ['scripts/demo.mjs', '--dir', dir, '--json', jsonFile, ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (interruptWhen && !sent && interruptWhen.test(stdout)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        dir,
        json: JSON.parse(readFileSync(jsonFile, 'utf8')) as DemoJson,
      }),
    ),
  );
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
}

describe('npm run demo', () => {
  it('runs what has landed, says what has not, and stops every service', async () => {
    const run = await runDemo(['--sample-size', '3']);
    expect(run.stderr).not.toMatch(/demo failed/);
    expect(run.stdout).toMatch(/✓ resolve-tenant/);
    expect(run.stdout).toMatch(/Where everything is/);
    expect(run.stdout).toContain(path.join(run.dir, 'workspace'));
    expect(run.json.steps.find((s) => s.id === 'tenant')?.status).toBe('ok');
    const notYet = run.json.steps.filter((s) => s.status === 'unavailable');
    for (const step of notYet) expect(step.reason).toMatch(/not available yet|needs /);
    // Exit 0 only with all three outcomes; anything missing is named.
    expect(run.code).toBe(run.json.exitCode);
    if (run.json.outcome?.ok) {
      expect(run.code).toBe(0);
    } else {
      expect(run.code).toBe(1);
      expect(run.json.outcome?.missing.length).toBeGreaterThan(0);
      expect(run.stdout).toMatch(/Result: ✗ incomplete/);
    }
    await expectNothingLeft(run);
  });

  it('stops every service on Ctrl-C', async () => {
    const run = await runDemo([], /▶ every workflow job/);
    expect(run.code).toBe(130);
    expect(run.json.interrupted).toBe('SIGINT');
    expect(run.stdout).toMatch(/SIGINT: stopping/);
    await expectNothingLeft(run);
  });

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
