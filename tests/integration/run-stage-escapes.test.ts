/**
 * Issue 13 items 1-4 and 6, and the failure log (issue 12 item 7), against the run-stage bundle:
 * stage processes that escape, a runner that cancels, secrets printed in encoded forms, links
 * out of a part folder, and a failed stage whose log still reaches S3.
 */
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MANIFEST } from '@cat-actions/core';
import { errorLines, runAction } from '../support/action-runner';
import {
  BUCKET,
  CANARY_SECRETS,
  CANARY_SECRET_NAME,
  TENANT,
  actionPid,
  processRunning,
  stageWorkspace,
  useStageServices,
} from '../fixtures/stages/services';

const services = useStageServices();

const project = (workspace: string) => path.join(workspace, 'Project', 'CAT-TEST-DEV');

/** A workspace with one more stage folder, `<name>/run.sh` holding `script`. */
function workspaceWithStage(name: string, script: string): string {
  const workspace = stageWorkspace();
  mkdirSync(path.join(project(workspace), name));
  writeFileSync(path.join(project(workspace), name, 'run.sh'), `#!/usr/bin/env bash\n${script}`);
  return workspace;
}

const pidIn = (workspace: string, file: string) =>
  Number(readFileSync(path.join(project(workspace), file), 'utf8'));

const warningLines = (log: string) => log.split('\n').filter((l) => l.startsWith('::warning::'));

/** Live processes whose environment holds `entry` (NAME=value). */
function processesWith(entry: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (environ.includes(entry) && processRunning(Number(pid))) found.push(Number(pid));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a timeout is not defeated by a process that escaped with the output pipes', () => {
  it('setsid sleep 45 & then hang, timeout 3 s: the step ends in seconds, the escapee too', async () => {
    const workspace = workspaceWithStage(
      'hang',
      'setsid sleep 45 & echo $! > child.pid\necho hanging now\nsleep 300\n',
    );
    const started = Date.now();
    const result = await runAction('run-stage', {
      inputs: { stage: 'hang', dataset: 'new', upload: '1b*', 'timeout-minutes': '0.05' },
      workspace,
      env: services().env(),
    });
    const elapsed = Date.now() - started;
    expect(result.exitCode).toBe(1);
    // 3 s of timeout, the processes ended at once (sleep does not trap TERM), the log stored.
    expect(elapsed).toBeLessThan(15_000);
    expect(processRunning(pidIn(workspace, 'child.pid'))).toBe(false);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Stage hang ran longer than timeout-minutes \(0\.05\)/);

    // The failure path: the log still went to S3, and the outputs carry what an alert needs.
    expect(result.outputs['exit-code']).toBe('143');
    const logUri = result.outputs['log-uri'];
    expect(logUri).toMatch(
      new RegExp(`^s3://${BUCKET}/${TENANT}/logs/hang/\\d{8}_\\d{6}_utc_run-4242-1\\.log$`),
    );
    expect(errors[0]).toContain(`Its full log (redacted): ${logUri}`);
    const log = await services().text(logUri.slice(`s3://${BUCKET}/`.length));
    expect(log).toContain('hanging now');
    expect(log).toContain('# exit code 143');
    expect(result.outputs['log-tail'].split('\n')).toContain('hanging now');
    // No part, only the log.
    expect(await services().keys(`${TENANT}/datasets/`)).toEqual([]);
  }, 60_000);
});

describe('a process left running after a successful stage is ended and named', () => {
  it('setsid sleep 777 >/dev/null 2>&1 &: a warning names it, and it is gone', async () => {
    const workspace = workspaceWithStage(
      'leave',
      'setsid sleep 777 >/dev/null 2>&1 < /dev/null & echo $! > child.pid\nsleep 0.3\necho done\n',
    );
    const result = await runAction('run-stage', {
      inputs: { stage: 'leave', dataset: 'new' },
      workspace,
      env: services().env(),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const child = pidIn(workspace, 'child.pid');
    const warnings = warningLines(result.log);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`pid ${child} \`sleep 777\``);
    expect(warnings[0]).toMatch(/left 1 process\(es\) running, now ended.*secrets included/);
    expect(processRunning(child)).toBe(false);
  });
});

describe('cancelled as the runner cancels, a stage that traps TERM leaves no survivor', () => {
  it('SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after: nothing of the stage survives', async () => {
    const workspace = workspaceWithStage(
      'stubborn',
      [
        "trap 'echo got TERM, carrying on' TERM",
        'echo $$ > stage.pid',
        'setsid bash -c \'trap "" TERM INT; while :; do sleep 1; done\' &',
        'echo $! > child.pid',
        'sleep 300 &',
        'echo ready',
        'while :; do sleep 0.2; done',
        '',
      ].join('\n'),
    );
    // Every process of this run, the stage's included, inherits this from the action.
    const probe = `CANCEL_PROBE=${randomBytes(8).toString('hex')}`;
    const [name, value] = probe.split('=');
    const signals: string[] = [];
    let cancelledAt = 0;
    const result = await runAction('run-stage', {
      inputs: { stage: 'stubborn', dataset: 'new' },
      workspace,
      env: services().env({ [name]: value }),
      onLine: (line) => {
        if (line !== 'ready' || cancelledAt) return;
        const pid = actionPid(workspace)!;
        cancelledAt = Date.now();
        process.kill(pid, 'SIGINT');
        signals.push('SIGINT');
        for (const [signal, at] of [
          ['SIGTERM', 7500],
          ['SIGKILL', 10_000],
        ] as const) {
          setTimeout(() => {
            if (processRunning(pid)) {
              process.kill(pid, signal);
              signals.push(signal);
            }
          }, at);
        }
      },
    });
    const endedAfter = Date.now() - cancelledAt;
    expect(cancelledAt).toBeGreaterThan(0);
    expect(result.exitCode).not.toBe(0);
    // Wait out the runner's schedule, then look for anything of the run.
    await sleep(Math.max(0, 10_500 - endedAfter));
    expect(processRunning(pidIn(workspace, 'stage.pid'))).toBe(false);
    expect(processRunning(pidIn(workspace, 'child.pid'))).toBe(false);
    expect(processesWith(probe)).toEqual([]);
    // The action ended the stage itself (TERM, KILL 5 s later), before the runner's SIGKILL.
    expect(signals).not.toContain('SIGKILL');
    expect(endedAfter).toBeLessThan(10_000);
  }, 60_000);
});

describe('secrets printed in encoded forms are redacted from the log in S3 and the outputs', () => {
  it('URL-encoded, base64 (any alignment), JSON-escaped, and a short first line', async () => {
    const workspace = workspaceWithStage(
      'leak',
      [
        'echo "plain: $CANARY"',
        "python3 - <<'PY'",
        'import base64, json, os, urllib.parse',
        "c = os.environ['CANARY']",
        "print('quote:', urllib.parse.quote(c, safe=''))",
        "print('quote_plus:', urllib.parse.quote_plus(c))",
        "print('b64:', base64.b64encode(c.encode()).decode())",
        "print('b64 shifted:', base64.b64encode(('x' + c + 'yz').encode()).decode())",
        "print('b64url:', base64.urlsafe_b64encode(('xy' + c).encode()).decode())",
        "print('json:', json.dumps({'key': os.environ['SHORT_FIRST']}))",
        'PY',
        'printf "key=%s (end)\\n" "$SHORT_FIRST"',
        'printf "%s\\n" "$SHORT_FIRST"',
        'exit 4',
        '',
      ].join('\n'),
    );
    const result = await runAction('run-stage', {
      inputs: { stage: 'leak', dataset: 'new', 'secret-name': CANARY_SECRET_NAME },
      workspace,
      env: services().env(),
    });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result.log)).toHaveLength(1);
    expect(result.outputs['exit-code']).toBe('4');
    const log = await services().text(result.outputs['log-uri'].slice(`s3://${BUCKET}/`.length));
    for (const line of [
      'plain: ***',
      'quote: ***',
      'quote_plus: ***',
      'json: {"key": "***"}',
      'key=***\n***\n*** (end)',
    ]) {
      expect(log).toContain(line);
    }
    const canary = CANARY_SECRETS.CANARY;
    const forms = [
      canary,
      'Xy7',
      'canary-Xy7%23q%21',
      Buffer.from(canary).toString('base64').slice(0, 16),
      'second-line-of-key-77',
    ];
    const tail = result.outputs['log-tail'];
    for (const [place, text] of [
      ['log', log],
      ['log-tail', tail],
      ['step log', result.log],
      ['summary', result.summary],
    ]) {
      for (const form of forms)
        expect({ place, form, leaks: text.includes(form) }).toEqual({ place, form, leaks: false });
      // The short first and last lines, printed on their own, are redacted too.
      expect(text.split('\n')).not.toContain('ab');
      expect(text.split('\n')).not.toContain('z9');
    }
    expect(tail.split('\n').slice(-3)).toEqual(['***', '***', '***']);
  }, 60_000);
});

describe('symbolic links never carry files from outside a part into S3, nor a download out', () => {
  let dataset = '';

  it('1b_x/passwd -> /etc/passwd and 1b_x/environ -> /proc/self/environ are not uploaded, and named', async () => {
    const workspace = workspaceWithStage(
      'links',
      [
        'mkdir -p 1b_x',
        'echo "a,b" > 1b_x/data.csv',
        'ln -s /etc/passwd 1b_x/passwd',
        'ln -s /proc/self/environ 1b_x/environ',
        'ln -s data.csv 1b_x/same.csv',
        '',
      ].join('\n'),
    );
    const token = `runtime-token-${randomBytes(6).toString('hex')}`;
    const result = await runAction('run-stage', {
      inputs: { stage: 'links', dataset: 'new', upload: '1b*' },
      workspace,
      env: services().env({ ACTIONS_RUNTIME_TOKEN: token }),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    dataset = result.outputs.dataset;
    const part = `${TENANT}/datasets/${dataset}/1b_x/`;
    expect(await services().keys(part)).toEqual([MANIFEST, 'data.csv', 'same.csv']);
    const warnings = warningLines(result.log);
    expect(warnings).toEqual([
      expect.stringMatching(
        /Not uploaded: Project\/CAT-TEST-DEV\/1b_x\/environ is a symbolic link and it points outside 1b_x\/ \(to \/proc\/\d+\/environ\)/,
      ),
      expect.stringMatching(
        /Not uploaded: Project\/CAT-TEST-DEV\/1b_x\/passwd is a symbolic link and it points outside 1b_x\/ \(to \/etc\/passwd\)/,
      ),
    ]);
    for (const text of (await services().allObjects()).values()) {
      expect(text).not.toContain(token);
      expect(text).not.toContain('root:x:0:0');
    }
  });

  it('a download into a part folder that is a link is refused before anything is written', async () => {
    expect(dataset).not.toBe('');
    const workspace = stageWorkspace();
    const outside = mkdtempSync(path.join(os.tmpdir(), 'cat-outside-'));
    symlinkSync(outside, path.join(project(workspace), '1b_x'));
    const result = await runAction('run-stage', {
      inputs: { stage: '2a', dataset, download: '1b_x' },
      workspace,
      env: services().env(),
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/1b_x": expected a real folder or file, not a symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
    expect(result.log).not.toContain('Run stage 2a');
  });
});
