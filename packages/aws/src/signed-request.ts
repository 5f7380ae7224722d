/**
 * One signed AWS request (Signature Version 4) over node:http(s), for the few calls an action
 * makes before it can finish: AssumeRole, GetSecretValue, ListBuckets, ListObjectsV2. Loading
 * an SDK client costs more than the whole rest of such an action (issue 14: compiling ~1 MiB
 * of SDK code, its credential chain and middleware), so these calls go out directly when the
 * credentials are at hand: given explicitly, or in the environment as the runner and
 * assume-role leave them. Everything else (profiles, SSO, instance or container metadata, FIPS
 * or dual-stack endpoints) goes through the SDK, which the client modules load on demand.
 *
 * Failures look like the SDK's: `name`/`Code` is the AWS error code, `$metadata.httpStatusCode`
 * the status, network faults keep Node's `code` (ECONNRESET...), so retry.ts and errors.ts
 * classify them the same way.
 */
import { createHash, createHmac } from 'node:crypto';
import type http from 'node:http';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { ReusableHmac } from './reusable-hmac';
import { isTransientAwsError } from './retry';

export interface SignedRequest {
  method: 'GET' | 'POST' | 'HEAD';
  url: URL;
  service: string;
  region: string;
  credentials: AwsCredentialIdentity;
  headers?: Record<string, string>;
  body?: string;
  /**
   * The payload's hex SHA-256 when the body is sent by the caller (a buffer or a file stream),
   * or `UNSIGNED-PAYLOAD` (S3 over HTTPS only). Default: the hash of `body`.
   */
  payloadHash?: string;
  /** S3 signs the path as sent; other services sign it URI-encoded once more. */
  s3?: boolean;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  abortSignal?: AbortSignal;
}

export interface SignedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export const uriEncode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function canonicalQuery(url: URL): string {
  return [...url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

let lastKey: { id: string; key: ReusableHmac } | undefined;

/**
 * The day's signing key, derived once (four HMACs) and reused: a transfer signs thousands of
 * requests with the same secret, day, region and service.
 */
function signingKey(secret: string, day: string, region: string, service: string): ReusableHmac {
  const id = `${day}/${region}/${service}/${secret}`;
  if (lastKey?.id === id) return lastKey.key;
  let key: Buffer = hmac(`AWS4${secret}`, day);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  lastKey = { id, key: new ReusableHmac(key) };
  return lastKey.key;
}

let lastStamp: { second: number; amzDate: string } | undefined;

/** `now` as SigV4 writes it (20261130T235959Z), made once per second: a transfer signs hundreds. */
function amzDateOf(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (lastStamp?.second !== second) {
    const amzDate = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    lastStamp = { second, amzDate };
  }
  return lastStamp.amzDate;
}

/** The headers that sign `request` at `now` (x-amz-date, content hash, token, Authorization). */
export function signatureHeaders(request: SignedRequest, now = new Date()): Record<string, string> {
  const { credentials, url } = request;
  const amzDate = amzDateOf(now);
  const day = amzDate.slice(0, 8);
  const payloadHash = request.payloadHash ?? sha256(request.body ?? '');
  const headers: Record<string, string> = {};
  for (const name in request.headers) headers[name.toLowerCase()] = request.headers[name];
  headers.host = url.host;
  headers['x-amz-date'] = amzDate;
  // S3 wants the payload hash as a header too; the other services sign it in the request only.
  if (request.s3) headers['x-amz-content-sha256'] = payloadHash;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const path = request.s3
    ? url.pathname
    : url.pathname
        .split('/')
        .map((segment) => uriEncode(decodeURIComponent(segment)))
        .join('/');
  const canonical = [
    request.method,
    path || '/',
    canonicalQuery(url),
    names.map((n) => `${n}:${String(headers[n]).trim().replace(/\s+/g, ' ')}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${day}/${request.region}/${request.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const signature = signingKey(
    credentials.secretAccessKey,
    day,
    request.region,
    request.service,
  ).hex(toSign);
  return {
    ...headers,
    authorization:
      `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` +
      `SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

/**
 * What the wire said, before toCatError (errors.ts) turns it into the project's error for the
 * user: a service's answer (`name`/`Code`, `$metadata`), as the SDK's ServiceException carries
 * it, or a network fault with Node's `code`. Never shown as it is.
 */
export class AwsWireFault extends Error {
  code?: string;
  Code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode: number; requestId?: string };
}

/** A network fault shaped as Node reports them, so retry.ts sees a transient one. */
export function networkError(message: string, code: string, name = 'Error'): AwsWireFault {
  return Object.assign(new AwsWireFault(message), { code, name });
}

/**
 * Keep-alive connections of one client (a listing sends a request per 1,000 keys). node:https
 * (and TLS with it) loads on the first https request only: local endpoints never need it.
 */
export class Connections {
  private readonly agents = new Map<string, http.Agent>();

  async send(request: SignedRequest): Promise<SignedResponse> {
    const secure = request.url.protocol !== 'http:';
    const transport = secure ? await import('node:https') : await import('node:http');
    const key = secure ? 'https' : 'http';
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new transport.Agent({ keepAlive: true });
      this.agents.set(key, agent);
    }
    return sendSigned(request, transport.request, agent);
  }

  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

/** Sends a signed request; resolves with any HTTP status (the caller reads errors from it). */
function sendSigned(
  request: SignedRequest,
  send: typeof http.request,
  agent: http.Agent,
): Promise<SignedResponse> {
  const headers = signatureHeaders(request);
  // Signed with the service's clock; an unsigned call (AssumeRoleWithWebIdentity) drops it.
  if (!request.credentials.accessKeyId) delete headers.authorization;
  if (request.body !== undefined)
    headers['content-length'] = String(Buffer.byteLength(request.body));
  return new Promise((resolve, reject) => {
    const req = send(request.url, {
      method: request.method,
      headers,
      agent,
      signal: request.abortSignal,
    });
    const connectTimer = setTimeout(() => {
      req.destroy(
        networkError(
          `Could not connect to ${request.url.host} within ${request.connectTimeoutMs} ms`,
          'ETIMEDOUT',
          'TimeoutError',
        ),
      );
    }, request.connectTimeoutMs);
    req.on('socket', (socket) => {
      const connected = () => clearTimeout(connectTimer);
      if (!socket.connecting) connected();
      else socket.once('connect', connected);
    });
    req.setTimeout(request.requestTimeoutMs, () => {
      req.destroy(
        networkError(
          `${request.url.host} sent nothing for ${request.requestTimeoutMs} ms`,
          'ETIMEDOUT',
          'TimeoutError',
        ),
      );
    });
    req.on('error', (error) => {
      clearTimeout(connectTimer);
      reject(error);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(connectTimer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(request.body);
  });
}

/** An error as the SDK throws it for a service's answer. */
export function serviceError(
  code: string,
  message: string,
  response: SignedResponse,
): AwsWireFault {
  const requestId =
    (response.headers['x-amzn-requestid'] as string | undefined) ??
    (response.headers['x-amz-request-id'] as string | undefined);
  return Object.assign(new AwsWireFault(message || code), {
    name: code,
    Code: code,
    $fault: response.status >= 500 ? ('server' as const) : ('client' as const),
    $metadata: { httpStatusCode: response.status, requestId },
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text of an XML element, entities decoded. */
export function xmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

// indexOf, not a RegExp built per call: a listing of 1,000 names is parsed once per page in a
// process that has not warmed up, where that cost showed in latest-dataset's start (issue 14).

/** The first `<tag>...</tag>` in `xml` (undefined when absent). */
export function xmlValue(xml: string, tag: string): string | undefined {
  const open = `<${tag}>`;
  const start = xml.indexOf(open);
  if (start < 0) return undefined;
  const end = xml.indexOf(`</${tag}>`, start + open.length);
  return end < 0 ? undefined : xmlText(xml.slice(start + open.length, end));
}

/** Every `<tag>...</tag>` block of `xml`, raw. */
export function xmlBlocks(xml: string, tag: string): string[] {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const blocks: string[] = [];
  for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, at)) {
    const end = xml.indexOf(close, at + open.length);
    if (end < 0) break;
    blocks.push(xml.slice(at + open.length, end));
    at = end + close.length;
  }
  return blocks;
}

/**
 * Credentials this module can sign with, without the SDK: the explicit ones, else the
 * environment's access key (as the runner or assume-role leaves it). Undefined: leave it to the
 * SDK's provider chain (profile, web identity, container, instance metadata).
 */
export function directCredentials(
  explicit: unknown,
  env: NodeJS.ProcessEnv = process.env,
): AwsCredentialIdentity | undefined {
  if (explicit && typeof explicit === 'object') {
    const c = explicit as AwsCredentialIdentity;
    if (typeof c.accessKeyId === 'string' && typeof c.secretAccessKey === 'string') return c;
  }
  if (explicit) return undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/**
 * The endpoint of `service` as the SDK picks it from the environment (AWS_ENDPOINT_URL_<ID>, then
 * AWS_ENDPOINT_URL), else AWS's regional one. Undefined where the SDK's endpoint rules do more
 * (FIPS, dual-stack, other partitions than aws and aws-cn): the SDK handles those.
 */
export function directEndpoint(
  envId: string,
  hostPrefix: string,
  region: string,
  env: NodeJS.ProcessEnv = process.env,
): URL | undefined {
  const configured = env[`AWS_ENDPOINT_URL_${envId}`] || env.AWS_ENDPOINT_URL;
  if (configured) {
    try {
      return new URL(configured);
    } catch {
      return undefined;
    }
  }
  if (/^(true|1)$/i.test(env.AWS_USE_FIPS_ENDPOINT ?? '')) return undefined;
  if (/^(true|1)$/i.test(env.AWS_USE_DUALSTACK_ENDPOINT ?? '')) return undefined;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region) || /^us-(gov|iso)/.test(region)) return undefined;
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return new URL(`https://${hostPrefix}.${region}.${suffix}/`);
}

/**
 * The SDK's own retries for direct calls (`maxAttempts`, 3 by default): transient faults only,
 * with jittered backoff. Callers that retry themselves pass maxAttempts 1.
 */
export async function withAttempts<T>(maxAttempts: number, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= maxAttempts || !isTransientAwsError(error)) throw error;
      const delayMs = Math.random() * Math.min(20_000, 100 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
