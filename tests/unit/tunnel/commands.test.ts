import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sessionIdFrom, startSessionCommand } from '../../../packages/tunnel/src/ssm';
import { sshCommand, writeSshFiles } from '../../../packages/tunnel/src/ssh';
import { findOnPath, requireTools } from '../../../packages/tunnel/src/tools';
import { NotFoundError } from '@cat-actions/core';

const ssh = {
  host: 'bastion.example.com',
  port: 2222,
  user: 'ec2-user',
  key: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n',
  knownHosts: '',
};

describe('ssm: aws ssm start-session with the port forwarding document', () => {
  it('builds the command and waits for "Waiting for connections"', () => {
    const command = startSessionCommand(
      'i-0123456789abcdef0',
      'eu-west-1',
      'db.internal',
      5432,
      15432,
    );
    expect([command.command, ...command.args].join(' ')).toBe(
      'aws ssm start-session --region eu-west-1 --target i-0123456789abcdef0 --document-name ' +
        'AWS-StartPortForwardingSessionToRemoteHost --parameters host=db.internal,portNumber=5432,localPortNumber=15432',
    );
    expect(
      command.readyLine?.test('\nPort 15432 opened for sessionId x.\nWaiting for connections...\n'),
    ).toBe(true);
  });

  it.each([
    [
      '\nStarting session with SessionId: botocore-session-1700000000-0abc123\n',
      'botocore-session-1700000000-0abc123',
    ],
    [
      'Starting session with SessionId: gha-cat-be-1-abcdef\r\nPort 5432 opened',
      'gha-cat-be-1-abcdef',
    ],
    ['An error occurred (TargetNotConnected)', undefined],
  ])('session id from %j', (output, expected) => {
    expect(sessionIdFrom(output)).toBe(expected);
  });
});

describe('ssh: key files and the ssh -N -L command', () => {
  it('writes the key 0600 and trusts on first use without known hosts', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-ssh-unit-'));
    const files = writeSshFiles(dir, ssh);
    expect(statSync(files.keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(files.keyPath, 'utf8')).toBe(ssh.key);
    expect(files.knownHostsPath).toBeUndefined();
    const command = sshCommand(ssh, files, 'db.internal', 5432, 15432);
    expect(command.command).toBe('ssh');
    expect(command.args).toEqual(
      expect.arrayContaining([
        '-N',
        '127.0.0.1:15432:db.internal:5432',
        'ExitOnForwardFailure=yes',
        'BatchMode=yes',
        'StrictHostKeyChecking=accept-new',
        `UserKnownHostsFile=${path.join(dir, 'known_hosts')}`,
        'ec2-user@bastion.example.com',
      ]),
    );
    expect(command.args.slice(command.args.indexOf('-p'), command.args.indexOf('-p') + 4)).toEqual([
      '-p',
      '2222',
      '-i',
      files.keyPath,
    ]);
  });

  it('pins the host key when known hosts are given', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-ssh-unit-'));
    const files = writeSshFiles(dir, {
      ...ssh,
      knownHosts: '[bastion.example.com]:2222 ssh-ed25519 AAAA',
    });
    expect(readFileSync(files.knownHostsPath!, 'utf8')).toBe(
      '[bastion.example.com]:2222 ssh-ed25519 AAAA\n',
    );
    const args = sshCommand(ssh, files, 'db', 5432, 5432).args;
    expect(args).toContain('StrictHostKeyChecking=yes');
    expect(args).toContain(`UserKnownHostsFile=${files.knownHostsPath}`);
  });

  it('recognises a remote end the bastion cannot reach', () => {
    const command = sshCommand(ssh, { keyPath: '/tmp/k' }, 'db', 5432, 5432);
    expect(
      command.remoteFailureLine?.test('channel 2: open failed: connect failed: Connection refused'),
    ).toBe(true);
    expect(
      command.remoteFailureLine?.test(
        'Authenticated to bastion ([10.0.0.1]:22) using "publickey".',
      ),
    ).toBe(false);
  });
});

describe('tools: missing ones fail with how to install them', () => {
  it('finds executables on PATH', () => {
    expect(findOnPath('sh', '/nonexistent:/bin:/usr/bin')).toMatch(/\/sh$/);
    expect(findOnPath('no-such-tool-here', '/bin:/usr/bin')).toBeUndefined();
  });

  it('names every missing tool with its install hint', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => requireTools(['aws', 'session-manager-plugin'])).toThrow(NotFoundError);
      expect(() => requireTools(['aws', 'session-manager-plugin'])).toThrow(
        /^aws and session-manager-plugin are not on PATH\. Install the AWS CLI v2 .*Install the Session Manager plugin/,
      );
      expect(() => requireTools(['ssh'])).toThrow(/apt-get install -y openssh-client/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
