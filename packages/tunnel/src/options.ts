/**
 * The tunnel's inputs, checked before anything starts: a bad port or a missing key should fail in
 * the first second of the step, not after four attempts against the bastion.
 */
import { InputError, isRegion, parseWholeNumber } from '@cat-actions/core';

export type TunnelMode = 'ssm' | 'ssh';

export const DEFAULT_BASTION = 'bastion-host-ng';

/** The action's inputs as given (strings; empty means "not given"). */
export interface TunnelRequest {
  mode: string;
  bastion: string;
  remoteHost: string;
  remotePort: string;
  localPort: string;
  attempts: string;
  retryDelaySeconds: string;
  readyTimeoutSeconds: string;
  region: string;
  sshHost: string;
  sshPort: string;
  sshUser: string;
  sshKey: string;
  sshKnownHosts: string;
}

export interface SsmSettings {
  /** The bastion's Name tag, or its instance id (`i-...`), which skips the EC2 lookup. */
  bastion: string;
  region: string;
}

export interface SshSettings {
  host: string;
  port: number;
  user: string;
  /** The private key, normalised to LF line ends with a final newline (OpenSSH insists). */
  key: string;
  knownHosts: string;
}

export interface TunnelOptions {
  mode: TunnelMode;
  remoteHost: string;
  remotePort: number;
  /** 0: pick a free port. */
  localPort: number;
  attempts: number;
  retryDelayMs: number;
  readyTimeoutMs: number;
  ssm?: SsmSettings;
  ssh?: SshSettings;
}

// Host names and addresses only: they end up in `--parameters host=...,portNumber=...` and in
// `ssh -L`, where a comma, an `=` or a space would change the meaning.
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9._:-]*[A-Za-z0-9])?$/;
const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const NAME_TAG = /^[^\s,][^,]{0,254}$/;
const SSH_USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

export const isInstanceId = (bastion: string): boolean => INSTANCE_ID.test(bastion);

/** A whole-number input within [min, max], by core's one rule, in this input's own words. */
function integer(
  input: string,
  raw: string,
  fallback: number,
  min: number,
  max: number,
  expected: string,
  example: string,
): number {
  return parseWholeNumber(raw, input, { min, max, fallback, expected, example: Number(example) });
}

const port = (input: string, raw: string, fallback: number, allowZero = false) =>
  integer(
    input,
    raw,
    fallback,
    allowZero ? 0 : 1,
    65535,
    allowZero ? 'a TCP port from 1 to 65535, or 0 for any free port' : 'a TCP port from 1 to 65535',
    '5432',
  );

function host(input: string, raw: string, example: string): string {
  const value = raw.trim();
  if (!value) throw new InputError({ input, expected: 'a host name or IP address', example });
  if (!HOST.test(value)) {
    throw new InputError({
      input,
      received: raw,
      expected: 'a host name or IP address (letters, digits, ".", "-", ":")',
      example,
    });
  }
  return value;
}

function privateKey(raw: string): string {
  const key = raw.replace(/\r\n?/g, '\n').trim();
  if (!key) {
    throw new InputError({
      input: 'ssh-key',
      expected: 'the private key for ssh mode, e.g. ${{ secrets.BASTION_SSH_KEY }}',
    });
  }
  // Never echo the value: a key pasted into the wrong input is still a key.
  if (
    !/^-----BEGIN [A-Z ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z ]*PRIVATE KEY-----$/.test(key)
  ) {
    throw new InputError({
      input: 'ssh-key',
      expected:
        'a private key in PEM or OpenSSH form, from "-----BEGIN ... PRIVATE KEY-----" to "-----END ... PRIVATE KEY-----"',
    });
  }
  return `${key}\n`;
}

export function parseTunnelOptions(request: TunnelRequest): TunnelOptions {
  const modeRaw = request.mode.trim().toLowerCase() || 'ssm';
  if (modeRaw !== 'ssm' && modeRaw !== 'ssh') {
    throw new InputError({
      input: 'mode',
      received: request.mode,
      expected: 'ssm (Session Manager port forwarding) or ssh',
      example: 'ssm',
    });
  }
  const mode: TunnelMode = modeRaw;
  const remoteHost = host(
    'remote-host',
    request.remoteHost,
    'cat.abc123.eu-west-1.rds.amazonaws.com',
  );
  const remotePort = port('remote-port', request.remotePort, 5432);
  const options: TunnelOptions = {
    mode,
    remoteHost,
    remotePort,
    localPort: port('local-port', request.localPort, remotePort, true),
    attempts: integer('attempts', request.attempts, 4, 1, 20, 'a whole number from 1 to 20', '4'),
    retryDelayMs:
      1000 *
      integer(
        'retry-delay-seconds',
        request.retryDelaySeconds,
        5,
        0,
        300,
        'whole seconds from 0 to 300',
        '5',
      ),
    readyTimeoutMs:
      1000 *
      integer(
        'ready-timeout-seconds',
        request.readyTimeoutSeconds,
        30,
        1,
        600,
        'whole seconds from 1 to 600',
        '30',
      ),
  };
  if (mode === 'ssm') {
    const bastion = request.bastion.trim() || DEFAULT_BASTION;
    if (!isInstanceId(bastion) && !NAME_TAG.test(bastion)) {
      throw new InputError({
        input: 'bastion',
        received: request.bastion,
        expected: "the bastion instance's Name tag or its instance id",
        example: DEFAULT_BASTION,
      });
    }
    const region = request.region.trim();
    if (!isRegion(region)) {
      throw new InputError({
        input: 'region',
        ...(region ? { received: region } : {}),
        expected: "the bastion's AWS region (or the AWS_REGION variable, set by assume-role)",
        example: 'eu-west-1',
      });
    }
    options.ssm = { bastion, region };
  } else {
    const user = request.sshUser.trim() || 'ec2-user';
    if (!SSH_USER.test(user)) {
      throw new InputError({
        input: 'ssh-user',
        received: request.sshUser,
        expected: 'a login name',
        example: 'ec2-user',
      });
    }
    options.ssh = {
      host: host('ssh-host', request.sshHost, 'bastion.example.com'),
      port: port('ssh-port', request.sshPort, 22),
      user,
      key: privateKey(request.sshKey),
      knownHosts: request.sshKnownHosts.trim(),
    };
  }
  return options;
}
