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
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AwsFault, FakeSts, STS_NS, xmlEscape } from './fake-aws-sts';
import { serveOnLoopback } from './processes';

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
  const sts = new FakeSts(accountId, issued, options.webIdentityToken);

  function takeFault(action: string): FaultRule | undefined {
    const rule = faults.find((f) => (f.action ?? action) === action && (f.times ?? 1) > 0);
    if (!rule) return undefined;
    rule.times = (rule.times ?? 1) - 1;
    return rule;
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
          const xml = sts.handle(action, params as Record<string, string>, keyId);
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
  const served = await serveOnLoopback(server);
  const url = served.url;

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
    stop: served.stop,
  };
}
