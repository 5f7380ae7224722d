/**
 * A fake STS and Secrets Manager on 127.0.0.1 that speaks the real wire protocols, so the SDK (and
 * the bundles) reach it through their standard endpoint settings. No AWS account is needed.
 *
 *   const aws = await startFakeAws({ secrets: { 'cat-be-scraper-secrets': { API_KEY: 'x' } } });
 *   runAction('assume-role', { env: { ...aws.env, AWS_ACCESS_KEY_ID: 'AKIASOURCE', ... } });
 *   aws.fault({ action: 'AssumeRole', code: 'Throttling', times: 2 });  // the next two fail
 *   aws.requests      // [{ service, action, params, headers, accessKeyId }]
 *   aws.issued        // credentials handed out (to prove none of them reached a log)
 *   await aws.stop();
 *
 * - STS (query protocol, form-encoded POST, XML answers as AWS writes them): AssumeRole,
 *   AssumeRoleWithWebIdentity, GetCallerIdentity. It checks what STS checks: ARN shape, session name,
 *   DurationSeconds in 900..43200, tag keys and values; AssumeRoleWithWebIdentity accepts only
 *   `webIdentityToken` when that option is given.
 * - Secrets Manager (JSON 1.1, `X-Amz-Target: secretsmanager.GetSecretValue`): seeded secrets;
 *   an unknown name is ResourceNotFoundException.
 * - `fault()` scripts failures: an AWS error code (Throttling, AccessDenied, InternalError, ...)
 *   answered with the status AWS uses, or `reset` (the socket is destroyed: ECONNRESET).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeService = 'sts' | 'secretsmanager';

export interface FakeAwsRequest {
  service: FakeService;
  action: string;
  /** Form fields (STS) or the JSON body (Secrets Manager). */
  params: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  /** The access key id that signed the request ('' when unsigned). */
  accessKeyId: string;
}

export interface FaultRule {
  /** Only requests for this action (default: any). */
  action?: string;
  /** An AWS error code, or `reset` to drop the connection. */
  code: string;
  message?: string;
  /** How many matching requests fail (default 1; Infinity for all). */
  times?: number;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
  sessionName: string;
}

export interface FakeAwsOptions {
  /** Account id of identities that did not come from AssumeRole (default 111111111111). */
  accountId?: string;
  /** Seeded secrets; objects are stored as their JSON text. */
  secrets?: Record<string, string | Record<string, unknown>>;
  /** When set, AssumeRoleWithWebIdentity accepts this token only. */
  webIdentityToken?: string;
}

export interface FakeAws {
  url: string;
  /** AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL_SECRETS_MANAGER pointing here. */
  env: Record<string, string>;
  requests: FakeAwsRequest[];
  issued: IssuedCredentials[];
  fault(rule: FaultRule): void;
  setSecret(name: string, value: string | Record<string, unknown>): void;
  /** Forgets recorded requests and pending faults (secrets stay). */
  reset(): void;
  stop(): Promise<void>;
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** The HTTP status AWS answers each error code with. */
const STATUS: Record<string, number> = {
  AccessDenied: 403,
  AccessDeniedException: 400,
  InternalError: 500,
  InternalFailure: 500,
  InternalServiceError: 500,
  InternalServiceErrorException: 500,
  ServiceUnavailable: 503,
};

class AwsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = STATUS[code] ?? 400,
  ) {
    super(message);
  }
}

const xmlEscape = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

function signingKeyId(headers: http.IncomingHttpHeaders): string {
  const match = /Credential=([^/,\s]+)\//.exec(String(headers.authorization ?? ''));
  return match?.[1] ?? '';
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const accountId = options.accountId ?? '111111111111';
  const secrets = new Map<string, string>();
  const setSecret = (name: string, value: string | Record<string, unknown>) =>
    secrets.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  for (const [name, value] of Object.entries(options.secrets ?? {})) setSecret(name, value);

  const requests: FakeAwsRequest[] = [];
  const issued: IssuedCredentials[] = [];
  let faults: FaultRule[] = [];

  function takeFault(action: string): FaultRule | undefined {
    const rule = faults.find((f) => (f.action ?? action) === action && (f.times ?? 1) > 0);
    if (!rule) return undefined;
    rule.times = (rule.times ?? 1) - 1;
    return rule;
  }

  function issue(roleArn: string, sessionName: string, durationSeconds: number) {
    const credentials: IssuedCredentials = {
      accessKeyId: `ASIAFAKE${randomBytes(6).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoFAKE${randomBytes(90).toString('base64')}`,
      roleArn,
      sessionName,
    };
    issued.push(credentials);
    const expiration = new Date(Date.now() + durationSeconds * 1000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    return { credentials, expiration };
  }

  function assumeRole(action: string, params: Record<string, string>): string {
    const roleArn = params.RoleArn ?? '';
    const sessionName = params.RoleSessionName ?? '';
    const role = ROLE_ARN.exec(roleArn);
    if (!role) throw new AwsFault('ValidationError', `${roleArn} is invalid`);
    if (!SESSION_NAME.test(sessionName)) {
      throw new AwsFault(
        'ValidationError',
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    const duration = Number(params.DurationSeconds ?? 3600);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw new AwsFault(
        'ValidationError',
        `1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
      );
    }
    for (let i = 1; params[`Tags.member.${i}.Key`] !== undefined; i++) {
      const key = params[`Tags.member.${i}.Key`];
      const value = params[`Tags.member.${i}.Value`] ?? '';
      if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) {
        throw new AwsFault(
          'ValidationError',
          `1 validation error detected: Value at 'tags.${i}.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*`,
        );
      }
    }
    if (action === 'AssumeRoleWithWebIdentity') {
      const token = params.WebIdentityToken ?? '';
      if (!token || (options.webIdentityToken && token !== options.webIdentityToken)) {
        throw new AwsFault(
          'InvalidIdentityToken',
          "Couldn't retrieve verification key from your identity provider",
        );
      }
    }
    const { credentials, expiration } = issue(roleArn, sessionName, duration);
    const [, roleAccount, roleName] = role;
    const web =
      action === 'AssumeRoleWithWebIdentity'
        ? `<SubjectFromWebIdentityToken>repo:local/cat-actions:ref:refs/heads/main</SubjectFromWebIdentityToken>
    <Audience>sts.amazonaws.com</Audience>
    <Provider>arn:aws:iam::${roleAccount}:oidc-provider/token.actions.githubusercontent.com</Provider>`
        : '<PackedPolicySize>6</PackedPolicySize>';
    return `<${action}Result>
    ${web}
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${roleAccount}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName)}</Arn>
      <AssumedRoleId>AROAFAKE${roleAccount}:${xmlEscape(sessionName)}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${xmlEscape(credentials.secretAccessKey)}</SecretAccessKey>
      <SessionToken>${xmlEscape(credentials.sessionToken)}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
  </${action}Result>`;
  }

  function callerIdentity(keyId: string): string {
    const session = issued.find((c) => c.accessKeyId === keyId);
    const role = session && ROLE_ARN.exec(session.roleArn);
    const [arn, account] = role
      ? [`arn:aws:sts::${role[1]}:assumed-role/${role[2]}/${session.sessionName}`, role[1]]
      : [`arn:aws:iam::${accountId}:user/ci`, accountId];
    return `<GetCallerIdentityResult>
    <Arn>${xmlEscape(arn)}</Arn>
    <UserId>AIDAFAKE${account}</UserId>
    <Account>${account}</Account>
  </GetCallerIdentityResult>`;
  }

  function sts(action: string, params: Record<string, string>, keyId: string): string {
    let result: string;
    if (action === 'AssumeRole' || action === 'AssumeRoleWithWebIdentity') {
      result = assumeRole(action, params);
    } else if (action === 'GetCallerIdentity') {
      result = callerIdentity(keyId);
    } else {
      throw new AwsFault(
        'InvalidAction',
        `Could not find operation ${action} for version 2011-06-15`,
      );
    }
    return `<${action}Response xmlns="${STS_NS}">
  ${result}
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</${action}Response>
`;
  }

  function getSecretValue(params: Record<string, unknown>) {
    const name = String(params.SecretId ?? '');
    const value = secrets.get(name);
    if (value === undefined) {
      throw new AwsFault(
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    return {
      ARN: `arn:aws:secretsmanager:us-east-1:${accountId}:secret:${name}-AbCdEf`,
      Name: name,
      VersionId: randomUUID(),
      SecretString: value,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1.7e9,
    };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const target = String(req.headers['x-amz-target'] ?? '');
      const service: FakeService = target.startsWith('secretsmanager.') ? 'secretsmanager' : 'sts';
      let params: Record<string, unknown>;
      let action: string;
      if (service === 'secretsmanager') {
        action = target.slice('secretsmanager.'.length);
        try {
          params = body ? JSON.parse(body) : {};
        } catch {
          params = {};
        }
      } else {
        const form = new URLSearchParams(body || (req.url ?? '').split('?')[1] || '');
        params = Object.fromEntries(form);
        action = String(params.Action ?? '');
      }
      const keyId = signingKeyId(req.headers);
      requests.push({ service, action, params, headers: req.headers, accessKeyId: keyId });

      const sendError = (fault: AwsFault) => {
        if (service === 'secretsmanager') {
          res.writeHead(fault.status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-errortype': fault.code,
            'x-amzn-requestid': randomUUID(),
          });
          res.end(JSON.stringify({ __type: fault.code, message: fault.message }));
        } else {
          res.writeHead(fault.status, { 'content-type': 'text/xml' });
          res.end(`<ErrorResponse xmlns="${STS_NS}">
  <Error>
    <Type>${fault.status >= 500 ? 'Receiver' : 'Sender'}</Type>
    <Code>${fault.code}</Code>
    <Message>${xmlEscape(fault.message)}</Message>
  </Error>
  <RequestId>${randomUUID()}</RequestId>
</ErrorResponse>
`);
        }
      };

      const rule = takeFault(action);
      if (rule?.code === 'reset') {
        req.socket.destroy();
        return;
      }
      if (rule) {
        sendError(new AwsFault(rule.code, rule.message ?? `${rule.code} (scripted by the test)`));
        return;
      }
      try {
        if (service === 'secretsmanager') {
          if (action !== 'GetSecretValue') {
            throw new AwsFault('UnknownOperationException', `${action} is not served here`);
          }
          const answer = JSON.stringify(getSecretValue(params));
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(answer);
        } else {
          const xml = sts(action, params as Record<string, string>, keyId);
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(xml);
        }
      } catch (error) {
        if (error instanceof AwsFault) sendError(error);
        else {
          res.writeHead(500);
          res.end(String(error));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    env: { AWS_ENDPOINT_URL_STS: url, AWS_ENDPOINT_URL_SECRETS_MANAGER: url },
    requests,
    issued,
    fault(rule) {
      faults.push({ times: 1, ...rule });
    },
    setSecret,
    reset() {
      requests.length = 0;
      faults = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
