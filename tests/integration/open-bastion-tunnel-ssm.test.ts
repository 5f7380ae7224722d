import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { portIsFree } from '../../packages/tunnel/src/local-port';
import { errorLines, runAction } from '../support/action-runner';
import { type FakeEc2, startFakeEc2 } from '../support/fake-ec2';
import { isAlive, type SsmStandins, ssmStandins, standinsDir } from '../support/ssm-standins';

const BASTION_ID = 'i-0123456789abcdef0';

let ec2: FakeEc2;
let echo: net.Server;
let echoPort: number;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  ec2 = await startFakeEc2([
    { id: BASTION_ID, name: 'bastion-host-ng' },
    { id: 'i-0aaaaaaaaaaaaaaa1', name: 'bastion-host-ng', state: 'terminated' },
    { id: 'i-0bbbbbbbbbbbbbbb1', name: 'twin-bastion' },
    { id: 'i-0bbbbbbbbbbbbbbb2', name: 'twin-bastion' },
    { id: 'i-0ccccccccccccccc1', name: 'sleeping-bastion', state: 'stopped' },
  ]);
  // The "database": echoes what it receives, so a round trip proves the bytes went through.
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoPort = (echo.address() as net.AddressInfo).port;
});

afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

afterAll(async () => {
  await ec2.stop();
  await new Promise((resolve) => echo.close(resolve));
});

function standins(refusals: number, silent = false): SsmStandins {
  const s = ssmStandins({ refusals, silent });
  cleanups.push(() => {
    // A failed assertion must not leave forwarders running for the next test.
    for (const pid of [...s.awsPids(), ...s.pluginPids()]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    s.remove();
  });
  return s;
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.length >= text.length) {
        socket.end();
        resolve(received);
      }
    });
    socket.on('error', reject);
  });
}

const inputs = (extra: Record<string, string> = {}) => ({
  'remote-host': '127.0.0.1',
  'remote-port': String(echoPort),
  'local-port': '0',
  'retry-delay-seconds': '1',
  ...extra,
});

describe('ssm mode: the bastion refuses the first tries, the tunnel opens on a later attempt', () => {
  it('3 refusals then success: forwards bytes, and the post step leaves nothing behind', async () => {
    const fakes = standins(3);
    const requestsBefore = ec2.requests.length;
    const result = await runAction('open-bastion-tunnel', {
      inputs: inputs({ attempts: '4' }),
      env: { ...ec2.env, ...fakes.env },
      post: 'defer',
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const localPort = Number(result.outputs['local-port']);
    expect(result.outputs).toEqual({
      'local-host': '127.0.0.1',
      'local-port': String(localPort),
      target: BASTION_ID,
    });
    // Each refusal is logged with the CLI's own reason.
    const refusals = result.log
      .split('\n')
      .filter((l) =>
        /Attempt \d\/4 failed: aws exited with code 254: .*TargetNotConnected/.test(l),
      );
    expect(refusals).toHaveLength(3);
    expect(result.log).toContain('Tunnel open on 127.0.0.1');

    // The bastion was found by its Name tag among running instances.
    const lookups = ec2.requests.slice(requestsBefore);
    expect(lookups).toHaveLength(1);
    expect(lookups[0].params).toMatchObject({
      Action: 'DescribeInstances',
      'Filter.1.Name': 'tag:Name',
      'Filter.1.Value.1': 'bastion-host-ng',
      'Filter.2.Name': 'instance-state-name',
      'Filter.2.Value.1': 'running',
    });
    expect(lookups[0].authorization).toContain('Credential=AKIAFAKEEC2/');

    const starts = fakes.awsCalls().filter((args) => args[1] === 'start-session');
    expect(starts).toHaveLength(4);
    expect(starts[3]).toEqual([
      'ssm',
      'start-session',
      '--region',
      'eu-west-1',
      '--target',
      BASTION_ID,
      '--document-name',
      'AWS-StartPortForwardingSessionToRemoteHost',
      '--parameters',
      `host=127.0.0.1,portNumber=${echoPort},localPortNumber=${localPort}`,
    ]);
    expect(result.summary).toContain(BASTION_ID);
    expect(result.summary).toContain(`127.0.0.1:${localPort}`);
    expect(result.summary).toContain('4 of 4');

    // The main step's node process has exited; the tunnel still works.
    expect(await roundTrip(localPort, 'select 42;')).toBe('select 42;');
    const sessionId = result.state.sessionId;
    expect(sessionId).toMatch(/^cat-test-4-\d+$/);

    const post = await result.runPost!();
    expect(errorLines(post.log)).toEqual([]);
    expect(post.exitCode).toBe(0);
    expect(post.log).toContain(`SSM session ${sessionId} terminated.`);
    expect(fakes.terminatedSessions()).toEqual([sessionId]);
    expect(fakes.pluginPids().filter(isAlive)).toEqual([]);
    expect(fakes.awsPids().filter(isAlive)).toEqual([]);
    expect(await portIsFree(localPort)).toBe(true);
  });

  it('4 refusals with attempts 4: fails with one ::error:: within the expected time', async () => {
    const fakes = standins(4);
    const started = Date.now();
    const result = await runAction('open-bastion-tunnel', {
      inputs: inputs({ attempts: '4' }),
      env: { ...ec2.env, ...fakes.env },
      post: true,
    });
    const elapsed = Date.now() - started;
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /did not open after 4 attempt\(s\)\. Last cause: aws exited with code 254: .*TargetNotConnected.*i-0123456789abcdef0 is not connected/,
    );
    // Three 1-second pauses plus four quick refusals and the post step: about 5 s; 20 s leaves
    // room for a loaded machine, and is far from the 4 x 30 s a hung attempt would take.
    expect(elapsed).toBeGreaterThanOrEqual(3000);
    expect(elapsed).toBeLessThan(20_000);
    expect(fakes.awsCalls().filter((a) => a[1] === 'start-session')).toHaveLength(4);
    expect(result.outputs).toEqual({});
    expect(result.post!.exitCode).toBe(0);
    expect(fakes.pluginPids()).toEqual([]);
  });
});

describe('ssm mode: a session that never gets ready', () => {
  it('times out per attempt, ends that session, and fails naming what was missing', async () => {
    const fakes = standins(0, true);
    const result = await runAction('open-bastion-tunnel', {
      inputs: inputs({ attempts: '2', 'ready-timeout-seconds': '1', 'retry-delay-seconds': '0' }),
      env: { ...ec2.env, ...fakes.env },
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /did not open after 2 attempt\(s\)\. Last cause: not ready after 1 s \(no "Waiting for connections" line\); last output: .*Port \d+ opened for sessionId cat-test-2-\d+\./,
    );
    // Both half-open sessions were ended on the AWS side, and their plugins stopped.
    expect(fakes.terminatedSessions()).toEqual([
      expect.stringMatching(/^cat-test-1-/),
      expect.stringMatching(/^cat-test-2-/),
    ]);
    expect(fakes.pluginPids()).toHaveLength(2);
    expect(fakes.pluginPids().filter(isAlive)).toEqual([]);
  });
});

describe('ssm mode: a main step cancelled half-way', () => {
  it('the post step still ends the forwarder and its session', async () => {
    const fakes = standins(0, true);
    // The runner kills main (as a cancelled job would) while it waits for a session that never
    // gets ready; the post step runs with whatever state main had saved by then.
    const result = await runAction('open-bastion-tunnel', {
      inputs: inputs({ 'ready-timeout-seconds': '120' }),
      env: { ...ec2.env, ...fakes.env },
      timeoutMs: 5000,
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.state.pid).toMatch(/^\d+$/);
    expect(fakes.pluginPids()).toHaveLength(1);
    const post = result.post!;
    expect(errorLines(post.log)).toEqual([]);
    expect(post.log).toContain(`Forwarder (process group ${result.state.pid}): terminated.`);
    expect(fakes.terminatedSessions()).toEqual([expect.stringMatching(/^cat-test-1-\d+$/)]);
    expect(fakes.pluginPids().filter(isAlive)).toEqual([]);
    expect(await portIsFree(Number(result.state.localPort))).toBe(true);
  });
});

describe('ssm mode: finding the bastion', () => {
  it('an instance id skips the EC2 lookup', async () => {
    const fakes = standins(0);
    const before = ec2.requests.length;
    const result = await runAction('open-bastion-tunnel', {
      inputs: inputs({ bastion: 'i-0fedcba9876543210' }),
      env: { ...ec2.env, ...fakes.env },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.target).toBe('i-0fedcba9876543210');
    expect(ec2.requests.length).toBe(before);
    expect(result.post!.exitCode).toBe(0);
    expect(fakes.pluginPids().filter(isAlive)).toEqual([]);
  });

  it.each([
    [
      'two running instances with the name',
      'twin-bastion',
      /2 running EC2 instances are named twin-bastion in eu-west-1: i-0bbbbbbbbbbbbbbb1, i-0bbbbbbbbbbbbbbb2\. Expected exactly one/,
    ],
    [
      'only a stopped instance with the name',
      'sleeping-bastion',
      /No running EC2 instance is named sleeping-bastion in eu-west-1\. Instances with that name: i-0ccccccccccccccc1 \(stopped\)/,
    ],
    [
      'no instance with the name',
      'no-such-bastion',
      /No running EC2 instance is named no-such-bastion in eu-west-1\. No instance has that name/,
    ],
  ])('%s fails with what was found', async (_case, bastion, message) => {
    const fakes = standins(0);
    const result = await runAction('open-bastion-tunnel', {
      inputs: inputs({ bastion }),
      env: { ...ec2.env, ...fakes.env },
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(fakes.awsCalls()).toEqual([]);
  });

  it('a denied lookup fails at once, naming the permission', async () => {
    const fakes = standins(0);
    ec2.failWith({
      status: 403,
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
    });
    cleanups.push(() => ec2.failWith(undefined));
    const before = ec2.requests.length;
    const result = await runAction('open-bastion-tunnel', {
      inputs: inputs(),
      env: { ...ec2.env, ...fakes.env },
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/DescribeInstances was denied in eu-west-1.*ec2:DescribeInstances/);
    expect(ec2.requests.length - before).toBe(1);
  });
});

describe('ssm mode: missing tools fail with how to install them', () => {
  it('no session-manager-plugin on PATH', async () => {
    const onlyAws = mkdtempSync(path.join(os.tmpdir(), 'cat-only-aws-'));
    symlinkSync(path.join(standinsDir, 'aws'), path.join(onlyAws, 'aws'));
    const result = await runAction('open-bastion-tunnel', {
      inputs: inputs(),
      env: { ...ec2.env, PATH: `${onlyAws}:/usr/bin:/bin` },
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /session-manager-plugin is not on PATH\. Install the Session Manager plugin.*session-manager-plugin\.deb/,
    );
  });
});

describe('a local port already in use', () => {
  it('fails at once, saying what holds it', async () => {
    const fakes = standins(0);
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const result = await runAction('open-bastion-tunnel', {
        inputs: inputs({ 'local-port': String(port) }),
        env: { ...ec2.env, ...fakes.env },
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result.exitCode).toBe(1);
      const errors = errorLines(result.log);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        new RegExp(`Local port ${port} is already in use by \\S+ \\(pid ${process.pid}\\)`),
      );
      expect(fakes.awsCalls()).toEqual([]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
