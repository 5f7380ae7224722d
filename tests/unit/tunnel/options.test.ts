import { describe, expect, it } from '@jest/globals';
import { InputError } from '@cat-actions/core';
import { type TunnelRequest, isInstanceId, parseTunnelOptions } from '@cat-actions/tunnel';

const KEY_BODY = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW';
const KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----`;

const request = (given: Partial<TunnelRequest> = {}): TunnelRequest => ({
  mode: '',
  bastion: '',
  remoteHost: 'cat.abc123.eu-west-1.rds.amazonaws.com',
  remotePort: '',
  localPort: '',
  attempts: '',
  retryDelaySeconds: '',
  readyTimeoutSeconds: '',
  region: 'eu-west-1',
  sshHost: '',
  sshPort: '',
  sshUser: '',
  sshKey: '',
  sshKnownHosts: '',
  ...given,
});

describe('defaults: ssm through bastion-host-ng to port 5432, 4 attempts 5 s apart', () => {
  it('fills every default', () => {
    expect(parseTunnelOptions(request())).toEqual({
      mode: 'ssm',
      remoteHost: 'cat.abc123.eu-west-1.rds.amazonaws.com',
      remotePort: 5432,
      localPort: 5432,
      attempts: 4,
      retryDelayMs: 5000,
      readyTimeoutMs: 30_000,
      ssm: { bastion: 'bastion-host-ng', region: 'eu-west-1' },
    });
  });

  it.each([
    ['', 3306, 3306],
    ['0', 3306, 0],
    ['15432', 5432, 15432],
  ])('local-port %j with remote-port %d -> %d', (localPort, remotePort, expected) => {
    const options = parseTunnelOptions(request({ localPort, remotePort: String(remotePort) }));
    expect(options.localPort).toBe(expected);
  });

  it('ssh mode: user ec2-user, port 22, key with LF line ends and a final newline', () => {
    const options = parseTunnelOptions(
      request({
        mode: 'SSH',
        sshHost: 'bastion.example.com',
        sshKey: `${KEY.replace(/\n/g, '\r\n')}\r\n\r\n`,
      }),
    );
    expect(options.mode).toBe('ssh');
    expect(options.ssm).toBeUndefined();
    expect(options.ssh).toEqual({
      host: 'bastion.example.com',
      port: 22,
      user: 'ec2-user',
      key: `${KEY}\n`,
      knownHosts: '',
    });
  });
});

describe('the bastion is a Name tag or an instance id', () => {
  it.each([
    ['i-0123456789abcdef0', true],
    ['i-01234567', true],
    ['i-0123456789ABCDEF0', false],
    ['bastion-host-ng', false],
    ['i-012345', false],
  ])('%s -> instance id: %s', (value, expected) => {
    expect(isInstanceId(value)).toBe(expected);
  });
});

describe('bad input is one InputError naming the input', () => {
  it.each([
    [{ mode: 'tcp' }, /^Input 'mode' is "tcp": expected ssm/],
    [{ remoteHost: ' ' }, /^Input 'remote-host': expected a host name/],
    [{ remoteHost: 'db host' }, /^Input 'remote-host' is "db host"/],
    [{ remotePort: '5432.5' }, /^Input 'remote-port' is "5432.5"/],
    [{ remotePort: '65536' }, /^Input 'remote-port' is "65536"/],
    [{ localPort: '-1' }, /^Input 'local-port' is "-1"/],
    [{ attempts: '21' }, /^Input 'attempts' is "21": expected a whole number from 1 to 20/],
    [{ readyTimeoutSeconds: '0' }, /^Input 'ready-timeout-seconds' is "0"/],
    [{ region: '' }, /^Input 'region': expected the bastion's AWS region/],
    [{ region: 'Ireland' }, /^Input 'region' is "Ireland"/],
    [
      { bastion: 'old,new' },
      /^Input 'bastion' is "old,new": expected the bastion instance's Name tag/,
    ],
    [{ mode: 'ssh', sshHost: 'b' }, /^Input 'ssh-key': expected the private key/],
    [
      { mode: 'ssh', sshHost: 'b', sshKey: 'ssh-ed25519 AAAA public' },
      /^Input 'ssh-key': expected a private key in PEM or OpenSSH form/,
    ],
    [{ mode: 'ssh', sshKey: KEY }, /^Input 'ssh-host': expected a host name/],
    [
      { mode: 'ssh', sshHost: 'b', sshKey: KEY, sshUser: '-oProxyCommand=x' },
      /^Input 'ssh-user' is "-oProxyCommand=x"/,
    ],
  ])('%j', (given, message) => {
    const attempt = () => parseTunnelOptions(request(given));
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(message);
  });

  it('never echoes a rejected key', () => {
    try {
      parseTunnelOptions(request({ mode: 'ssh', sshHost: 'b', sshKey: 'hunter2' }));
      throw new Error('expected an InputError');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('ssh mode does not need a region', () => {
    expect(() =>
      parseTunnelOptions(request({ mode: 'ssh', sshHost: 'b', sshKey: KEY, region: '' })),
    ).not.toThrow();
  });
});
