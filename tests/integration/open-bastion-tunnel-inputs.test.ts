import { describe, expect, it } from '@jest/globals';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { errorLines, runAction } from '../support/action-runner';

const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');
const env = { AWS_REGION: 'eu-west-1' };

describe('open-bastion-tunnel: bad input fails with one ::error:: before anything starts', () => {
  it.each([
    [
      'unknown mode',
      { mode: 'vpn' },
      /Input 'mode' is "vpn": expected ssm \(Session Manager port forwarding\) or ssh, e\.g\. "ssm"\./,
    ],
    [
      'missing remote-host',
      { 'remote-host': '' },
      /Input 'remote-host': expected a host name or IP address, e\.g\./,
    ],
    [
      'remote-host with a comma',
      { 'remote-host': 'db,portNumber=22' },
      /Input 'remote-host' is "db,portNumber=22": expected a host name/,
    ],
    [
      'remote-port not a number',
      { 'remote-port': 'abc' },
      /Input 'remote-port' is "abc": expected a TCP port from 1 to 65535, e\.g\. "5432"\./,
    ],
    [
      'remote-port 0',
      { 'remote-port': '0' },
      /Input 'remote-port' is "0": expected a TCP port from 1 to 65535/,
    ],
    [
      'local-port too large',
      { 'local-port': '70000' },
      /Input 'local-port' is "70000": expected a TCP port from 1 to 65535, or 0 for any free port/,
    ],
    [
      'attempts 0',
      { attempts: '0' },
      /Input 'attempts' is "0": expected a whole number from 1 to 20/,
    ],
    [
      'negative retry delay',
      { 'retry-delay-seconds': '-1' },
      /Input 'retry-delay-seconds' is "-1": expected whole seconds from 0 to 300/,
    ],
    [
      'bad bastion',
      { bastion: 'a,b' },
      /Input 'bastion' is "a,b": expected the bastion instance's Name tag or its instance id/,
    ],
    [
      'missing key in ssh mode',
      { mode: 'ssh', 'ssh-host': 'bastion.example.com' },
      /Input 'ssh-key': expected the private key for ssh mode/,
    ],
    [
      'missing ssh-host in ssh mode',
      { mode: 'ssh', 'ssh-key': KEY },
      /Input 'ssh-host': expected a host name or IP address/,
    ],
    [
      'bad ssh-port',
      { mode: 'ssh', 'ssh-host': 'b', 'ssh-key': KEY, 'ssh-port': '22x' },
      /Input 'ssh-port' is "22x"/,
    ],
    [
      'bad ssh-user',
      { mode: 'ssh', 'ssh-host': 'b', 'ssh-key': KEY, 'ssh-user': 'root;id' },
      /Input 'ssh-user' is "root;id": expected a login name/,
    ],
  ])('%s', async (_case, given, message) => {
    const result = await runAction('open-bastion-tunnel', {
      inputs: { 'remote-host': 'db.example.com', ...given },
      env,
      // Kept, to look inside RUNNER_TEMP afterwards; removed at the end of the test.
      keep: true,
    });
    try {
      expect(result.exitCode).toBe(1);
      const errors = errorLines(result.log);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
      expect(result.outputs).toEqual({});
      expect(result.summary).toBe('');
      // Nothing was written to the runner's temp dir, and the post step has nothing to close.
      expect(readdirSync(path.join(result.runnerDir, 'temp'))).toEqual([]);
      expect(result.post!.exitCode).toBe(0);
      expect(result.post!.log).toContain('No tunnel was opened: nothing to close.');
    } finally {
      rmSync(result.runnerDir, { recursive: true, force: true });
    }
  });

  it('a value that is not a private key is refused without echoing it', async () => {
    const secret = 'hunter2-not-a-key';
    const result = await runAction('open-bastion-tunnel', {
      inputs: { mode: 'ssh', 'remote-host': 'db', 'ssh-host': 'b', 'ssh-key': secret },
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.rawLog);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Input 'ssh-key': expected a private key in PEM or OpenSSH form/);
    expect(result.rawLog.replace(`::add-mask::${secret}`, '')).not.toContain(secret);
  });

  it('ssm mode without a region names the input and the variable', async () => {
    const result = await runAction('open-bastion-tunnel', {
      inputs: { 'remote-host': 'db.example.com' },
      env: { AWS_REGION: '', AWS_DEFAULT_REGION: '' },
    });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result.log)).toEqual([
      expect.stringMatching(
        /Input 'region': expected the bastion's AWS region \(or the AWS_REGION variable/,
      ),
    ]);
  });
});
