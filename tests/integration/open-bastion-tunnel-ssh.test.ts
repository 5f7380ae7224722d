import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { portIsFree } from '../../packages/tunnel/src/local-port';
import { errorLines, runAction } from '../support/action-runner';
import { type LocalPostgres, startPostgres } from '../support/postgres';
import { freePort, type LocalSshd, startSshd } from '../support/sshd';
import { startTogether } from '../../packages/local-services/src/service-group';
import { isAlive } from '../support/ssm-standins';

let sshd: LocalSshd;
let postgres: LocalPostgres;

beforeAll(async () => {
  // Together: when one cannot start, the other is stopped (no orphaned postgres), and the error
  // names the missing Debian package.
  [sshd, postgres] = await startTogether([startSshd, startPostgres]);
}, 60_000);

afterAll(async () => {
  await Promise.all([sshd?.stop(), postgres?.stop()]);
});

async function query(port: number, sql: string) {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: postgres.user,
    database: 'postgres',
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const sshInputs = (extra: Record<string, string> = {}) => ({
  mode: 'ssh',
  'remote-host': '127.0.0.1',
  'remote-port': String(postgres.port),
  'local-port': '0',
  'ssh-host': '127.0.0.1',
  'ssh-port': String(sshd.port),
  'ssh-user': sshd.user,
  'ssh-key': sshd.clientKey,
  'retry-delay-seconds': '1',
  ...extra,
});

describe('ssh mode: a real tunnel through sshd to PostgreSQL', () => {
  it('opens, carries a query, and the post step closes it and removes the key', async () => {
    const result = await runAction('open-bastion-tunnel', {
      inputs: sshInputs({ 'ssh-known-hosts': sshd.knownHosts }),
      post: 'defer',
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const localPort = Number(result.outputs['local-port']);
    expect(localPort).toBeGreaterThan(0);
    expect(result.outputs).toEqual({
      'local-host': '127.0.0.1',
      'local-port': String(localPort),
      target: `${sshd.user}@127.0.0.1:${sshd.port}`,
    });
    expect(result.log).not.toContain('No ssh-known-hosts given');

    // The step has ended; the database answers through the tunnel.
    expect(await query(localPort, 'select 42 as answer')).toEqual([{ answer: 42 }]);

    // The key is on disk only while the tunnel is open, readable by its owner alone.
    const keyPath = result.state.keyPath;
    expect(keyPath.startsWith(path.join(result.runnerDir, 'temp'))).toBe(true);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyPath, 'utf8')).toBe(sshd.clientKey);
    const pid = Number(result.state.pid);
    expect(isAlive(pid)).toBe(true);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]).toBe('ssh');

    // The key never reached the log: every line of it was masked before anything was printed.
    const keyLines = sshd.clientKey.split('\n').filter((l) => l.trim());
    for (const line of keyLines) {
      expect(result.rawLog).toContain(`::add-mask::${line}`);
      expect(result.log).not.toContain(line);
    }
    expect(result.summary).toContain(`127.0.0.1:${localPort}`);
    expect(result.summary).not.toContain(keyLines[1]);

    const post = await result.runPost!();
    expect(errorLines(post.log)).toEqual([]);
    expect(post.exitCode).toBe(0);
    expect(post.log).toContain('SSH key removed.');
    expect(existsSync(keyPath)).toBe(false);
    expect(isAlive(pid)).toBe(false);
    expect(await portIsFree(localPort)).toBe(true);
  });

  it('without known hosts it trusts the key on first use and warns', async () => {
    const result = await runAction('open-bastion-tunnel', { inputs: sshInputs() });
    expect(result.exitCode).toBe(0);
    expect(result.log).toMatch(/::warning::No ssh-known-hosts given: trusting the host key/);
    expect(result.post!.exitCode).toBe(0);
    expect(isAlive(Number(result.state.pid))).toBe(false);
  });

  it("a key the bastion does not accept fails after the attempts, with ssh's reason", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-other-key-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'k')]);
    const started = Date.now();
    const result = await runAction('open-bastion-tunnel', {
      inputs: sshInputs({
        'ssh-key': readFileSync(path.join(dir, 'k'), 'utf8'),
        'ssh-known-hosts': sshd.knownHosts,
        attempts: '2',
      }),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.exitCode).toBe(1);
    const attempts = result.log
      .split('\n')
      .filter((l) =>
        /Attempt \d\/2 failed: ssh exited with code 255: .*Permission denied \(publickey\)/.test(l),
      );
    expect(attempts).toHaveLength(2);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /did not open after 2 attempt\(s\).*Permission denied.*Check ssh-host, ssh-port, ssh-user and ssh-key/,
    );
    expect(result.post!.log).toContain('SSH key removed.');
    expect(existsSync(result.state.keyPath)).toBe(false);
  });

  it('a remote host the bastion cannot reach fails the step, not the next one', async () => {
    const closedPort = await freePort();
    const result = await runAction('open-bastion-tunnel', {
      inputs: sshInputs({
        'remote-port': String(closedPort),
        'ssh-known-hosts': sshd.knownHosts,
        attempts: '1',
      }),
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /Last cause: the bastion could not reach the remote host: channel \d+: open failed: connect failed: Connection refused/,
    );
    // The failed attempt's ssh was stopped by the step itself; the post step has nothing to stop.
    expect(result.state.pid).toBe('');
    expect(result.post!.log).not.toContain('Forwarder (process group');
  });
});
