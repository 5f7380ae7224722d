/**
 * The S3 object calls a transfer makes (PutObject, GetObject, the multipart calls, ListObjectsV2,
 * DeleteObject(s)), sent directly: REST + SigV4 (signed-request.ts) over one keep-alive agent.
 * Profiling run-stage moving 2,000 small files showed the SDK's S3 client (middleware stack,
 * serializers, its own signer per request, and the ~1 MiB of code it loads) as the largest
 * share of CPU and the garbage behind a third of peak RSS (issue 14). Used when the credentials
 * and endpoint are at hand (see s3-client.ts); everything else goes through the SDK with the same
 * interface (packages/transfer sdk-objects.ts).
 *
 * Integrity: a body is sent with its SHA-256 known beforehand. It is signed as the payload hash
 * (`x-amz-content-sha256`; S3 refuses a body that does not match it), and a single PutObject
 * also carries it as `x-amz-checksum-sha256`, which S3 checks and keeps with the object.
 * Failures look like the SDK's (see signed-request.ts), so retry.ts and errors.ts classify them.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { Readable } from 'node:stream';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import {
  AwsWireFault,
  networkError,
  serviceError,
  signatureHeaders,
  uriEncode,
  xmlBlocks,
  xmlValue,
  type SignedResponse,
} from './signed-request';

/** A request body whose size and SHA-256 are known before it is sent. */
export interface ObjectBody {
  length: number;
  /** SHA-256 of the whole body. */
  sha256: Buffer;
  /** The bytes, or a fresh stream of them for each attempt (a file, re-opened). */
  data: Buffer | (() => Readable);
  /** The error when a stream gives fewer bytes than `length` (the file shrank meanwhile). */
  shortError?: (sent: number) => Error;
}

export interface ObjectCall {
  bucket: string;
  key: string;
  signal?: AbortSignal;
  /** Milliseconds until the answer starts (a large body needs longer: core deadlineForBody). */
  timeoutMs?: number;
}

export interface ListCall {
  bucket: string;
  prefix: string;
  /** The continuation token of the page before; undefined for the first page. */
  token?: string;
  signal?: AbortSignal;
}

export interface ListedPage {
  objects: { key: string; size: number }[];
  /** The continuation token of the next page; undefined on the last one. */
  next?: string;
}

export type CompleteCall = ObjectCall & {
  uploadId: string;
  parts: { partNumber: number; etag: string }[];
};

export interface DeleteCall {
  bucket: string;
  /** At most 1,000. */
  keys: readonly string[];
  signal?: AbortSignal;
}

export interface DeleteFailure {
  key: string;
  code: string;
  message: string;
}

/** The object calls of a transfer; the direct client and the SDK adapter both provide them. */
export interface S3Objects {
  putObject(call: ObjectCall & { body: ObjectBody; contentType?: string }): Promise<void>;
  /** The body as it arrives; NoSuchKey (and any other refusal) is thrown. */
  getObject(call: ObjectCall): Promise<Readable>;
  createMultipartUpload(call: ObjectCall): Promise<string>;
  /** Returns the part's ETag. */
  uploadPart(
    call: ObjectCall & { uploadId: string; partNumber: number; body: ObjectBody },
  ): Promise<string>;
  completeMultipartUpload(call: CompleteCall): Promise<void>;
  abortMultipartUpload(call: ObjectCall & { uploadId: string }): Promise<void>;
  listObjectsPage(call: ListCall): Promise<ListedPage>;
  deleteObject(call: ObjectCall): Promise<void>;
  /** At most 1,000 keys; returns the keys S3 did not delete. */
  deleteObjects(call: DeleteCall): Promise<DeleteFailure[]>;
}

export function isS3Objects(value: unknown): value is S3Objects {
  return typeof (value as Partial<S3Objects> | undefined)?.putObject === 'function';
}

export interface DirectObjectsOptions {
  endpoint: URL;
  region: string;
  credentials: AwsCredentialIdentity;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key` (local endpoints, dotted buckets). */
  pathStyle: boolean;
  connectTimeoutMs: number;
  /** Until the answer starts, for requests without a body (see ObjectCall.timeoutMs). */
  requestTimeoutMs: number;
  /** Silence allowed on a connection while a body flows, either way. */
  idleTimeoutMs: number;
  /** Follow a bucket to its own region (AWS endpoints only, not a configured one). */
  followRegions?: boolean;
}

interface WireRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  bucket: string;
  key?: string;
  query?: [string, string][];
  headers?: Record<string, string>;
  body?: ObjectBody;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const EMPTY_SHA256 = createHash('sha256').digest();

/** Errors of requests that failed on a kept-alive connection the server had closed (see exchange). */
const staleConnections = new WeakSet<Error>();

/** A bucket that can be a host name label (no dots: TLS wildcards cover one label only). */
const isVirtualHostable = (bucket: string) => /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

const xmlBody = (xml: string): ObjectBody => {
  const data = Buffer.from(xml, 'utf8');
  return { length: data.length, sha256: createHash('sha256').update(data).digest(), data };
};

export class DirectS3Objects implements S3Objects {
  private agent?: Promise<{ agent: http.Agent; request: typeof http.request }>;
  /** Buckets found in another region than the client's (after a redirect). */
  private readonly regions = new Map<string, string>();

  constructor(private readonly options: DirectObjectsOptions) {}

  async putObject(call: ObjectCall & { body: ObjectBody; contentType?: string }): Promise<void> {
    await this.call({
      method: 'PUT',
      bucket: call.bucket,
      key: call.key,
      body: call.body,
      headers: {
        'x-amz-checksum-sha256': call.body.sha256.toString('base64'),
        ...(call.contentType ? { 'content-type': call.contentType } : {}),
      },
      signal: call.signal,
      timeoutMs: call.timeoutMs,
    });
  }

  async getObject(call: ObjectCall): Promise<Readable> {
    return this.open({ method: 'GET', bucket: call.bucket, key: call.key, signal: call.signal });
  }

  async createMultipartUpload(call: ObjectCall): Promise<string> {
    const xml = await this.call({
      method: 'POST',
      bucket: call.bucket,
      key: call.key,
      query: [['uploads', '']],
      signal: call.signal,
    });
    const uploadId = xmlValue(xml, 'UploadId');
    if (!uploadId) throw malformed('CreateMultipartUpload', 'no UploadId');
    return uploadId;
  }

  async uploadPart(
    call: ObjectCall & { uploadId: string; partNumber: number; body: ObjectBody },
  ): Promise<string> {
    let etag = '';
    await this.call(
      {
        method: 'PUT',
        bucket: call.bucket,
        key: call.key,
        query: [
          ['partNumber', String(call.partNumber)],
          ['uploadId', call.uploadId],
        ],
        body: call.body,
        signal: call.signal,
        timeoutMs: call.timeoutMs,
      },
      (headers) => (etag = String(headers.etag ?? '')),
    );
    if (!etag) throw malformed('UploadPart', 'no ETag');
    return etag;
  }

  async completeMultipartUpload(call: CompleteCall): Promise<void> {
    const parts = call.parts
      .map(
        (p) =>
          `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`,
      )
      .join('');
    const xml = await this.call({
      method: 'POST',
      bucket: call.bucket,
      key: call.key,
      query: [['uploadId', call.uploadId]],
      body: xmlBody(`<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`),
      headers: { 'content-type': 'application/xml' },
      signal: call.signal,
    });
    // S3 may answer 200 and still report an error in the body (it took long to assemble).
    const error = xmlBlocks(xml, 'Error')[0];
    if (error !== undefined) throw errorOf(error, { status: 200, headers: {}, body: xml });
  }

  async abortMultipartUpload(call: ObjectCall & { uploadId: string }): Promise<void> {
    await this.call({
      method: 'DELETE',
      bucket: call.bucket,
      key: call.key,
      query: [['uploadId', call.uploadId]],
      signal: call.signal,
    });
  }

  async listObjectsPage(call: ListCall): Promise<ListedPage> {
    const query: [string, string][] = [
      ['list-type', '2'],
      ['prefix', call.prefix],
    ];
    if (call.token !== undefined) query.push(['continuation-token', call.token]);
    const xml = await this.call({ method: 'GET', bucket: call.bucket, query, signal: call.signal });
    const truncated = xmlValue(xml, 'IsTruncated') === 'true';
    return {
      objects: xmlBlocks(xml, 'Contents').map((o) => ({
        key: xmlValue(o, 'Key') ?? '',
        size: Number(xmlValue(o, 'Size') ?? 0),
      })),
      next: truncated ? xmlValue(xml, 'NextContinuationToken') : undefined,
    };
  }

  async deleteObject(call: ObjectCall): Promise<void> {
    await this.call({ method: 'DELETE', bucket: call.bucket, key: call.key, signal: call.signal });
  }

  async deleteObjects(call: DeleteCall): Promise<DeleteFailure[]> {
    const objects = call.keys.map((key) => `<Object><Key>${escapeXml(key)}</Key></Object>`);
    const body = xmlBody(`<Delete><Quiet>true</Quiet>${objects.join('')}</Delete>`);
    const xml = await this.call({
      method: 'POST',
      bucket: call.bucket,
      query: [['delete', '']],
      body,
      headers: {
        'content-type': 'application/xml',
        // DeleteObjects requires a digest of its body: Content-MD5 is the one every S3 accepts.
        'content-md5': createHash('md5')
          .update(body.data as Buffer)
          .digest('base64'),
      },
      signal: call.signal,
    });
    return xmlBlocks(xml, 'Error').map((e) => ({
      key: xmlValue(e, 'Key') ?? '',
      code: xmlValue(e, 'Code') ?? '',
      message: xmlValue(e, 'Message') ?? '',
    }));
  }

  /** Closes the kept-alive connections, so the process can exit at once. */
  destroy(): void {
    void this.agent?.then(({ agent }) => agent.destroy());
    this.agent = undefined;
  }

  /** A request whose (small, XML) answer is read whole. */
  private async call(
    request: WireRequest,
    onHeaders?: (headers: http.IncomingHttpHeaders) => void,
  ): Promise<string> {
    return readText(await this.open(request, onHeaders));
  }

  /** Sends `request` and resolves with a successful response's body stream (errors thrown). */
  private async open(
    request: WireRequest,
    onHeaders?: (headers: http.IncomingHttpHeaders) => void,
  ): Promise<http.IncomingMessage> {
    const region = this.regions.get(request.bucket) ?? this.options.region;
    const response = await this.exchange(request, region);
    if (response.statusCode !== undefined && response.statusCode < 300) {
      onHeaders?.(response.headers);
      return response;
    }
    const answer = await readAnswer(response);
    const other = answer.headers['x-amz-bucket-region'] as string | undefined;
    if (
      this.options.followRegions &&
      other &&
      other !== region &&
      (answer.status === 301 || answer.status === 400)
    ) {
      // Sent again to the bucket's region (a file body is re-opened by its factory).
      this.regions.set(request.bucket, other);
      return this.open(request, onHeaders);
    }
    throw errorOf(xmlBlocks(answer.body, 'Error')[0] ?? '', answer);
  }

  private url(request: WireRequest, region: string): URL {
    const url = new URL(this.options.endpoint.href);
    if (region !== this.options.region) {
      url.hostname = url.hostname.replace(this.options.region, region);
    }
    const base = url.pathname.replace(/\/$/, '');
    const keyPath = request.key?.split('/').map(uriEncode).join('/');
    const { bucket } = request;
    if (this.options.pathStyle || !isVirtualHostable(bucket)) {
      url.pathname = `${base}/${uriEncode(bucket)}${keyPath !== undefined ? `/${keyPath}` : ''}`;
    } else {
      url.hostname = `${bucket}.${url.hostname}`;
      url.pathname = `${base}/${keyPath ?? ''}`;
    }
    // `search` rather than searchParams: `?uploads` must stay a bare name.
    url.search = (request.query ?? [])
      .map(([name, value]) =>
        value === '' ? uriEncode(name) : `${uriEncode(name)}=${uriEncode(value)}`,
      )
      .join('&');
    return url;
  }

  private transport(): Promise<{ agent: http.Agent; request: typeof http.request }> {
    // node:https (and TLS) loads only for an https endpoint: local endpoints never need it.
    this.agent ??= (
      this.options.endpoint.protocol === 'http:' ? import('node:http') : import('node:https')
    ).then((module) => ({
      agent: new module.Agent({ keepAlive: true, scheduling: 'lifo' }),
      request: module.request,
    }));
    return this.agent;
  }

  /**
   * One attempt: connect, send the signed request and its body, wait for the answer's head. A
   * kept-alive connection that the server closed while it sat idle fails the next request sent on
   * it before any answer (ECONNRESET on a reused socket, the race Node's http docs describe). That
   * request never reached S3, so it is sent again at once on a new connection instead of spending
   * one of the retry policy's attempts and its backoff. Only bodies held in memory: a file
   * stream's bytes are counted as they go, so a stream's attempt stays the policy's to repeat.
   */
  private async exchange(request: WireRequest, region: string): Promise<http.IncomingMessage> {
    try {
      return await this.send(request, region);
    } catch (error) {
      const replayable = !request.body || Buffer.isBuffer(request.body.data);
      if (!replayable || !staleConnections.has(error as Error)) throw error;
      return this.send(request, region);
    }
  }

  private async send(request: WireRequest, region: string): Promise<http.IncomingMessage> {
    const { agent, request: send } = await this.transport();
    const url = this.url(request, region);
    const body = request.body;
    const headers = signatureHeaders({
      method: request.method as 'GET',
      url,
      service: 's3',
      region,
      credentials: this.options.credentials,
      headers: request.headers,
      payloadHash: (body?.sha256 ?? EMPTY_SHA256).toString('hex'),
      s3: true,
      connectTimeoutMs: this.options.connectTimeoutMs,
      requestTimeoutMs: this.options.requestTimeoutMs,
    });
    if (body || request.method !== 'GET') headers['content-length'] = String(body?.length ?? 0);
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    return new Promise((resolve, reject) => {
      // Options rather than the URL itself: Node would convert it again for every request.
      const req = send({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
        agent,
        signal: request.signal,
      });
      const fail = (error: Error) => req.destroy(error);
      // The answer must start within the deadline (connecting included)...
      const deadline = setTimeout(
        () =>
          fail(
            networkError(
              `${url.host} did not answer within ${timeoutMs} ms`,
              'ETIMEDOUT',
              'TimeoutError',
            ),
          ),
        timeoutMs,
      );
      // A kept-alive socket is already connected: the connect deadline is for new ones only.
      let connectTimer: NodeJS.Timeout | undefined;
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () =>
            fail(
              networkError(
                `Could not connect to ${url.host} within ${this.options.connectTimeoutMs} ms`,
                'ETIMEDOUT',
                'TimeoutError',
              ),
            ),
          this.options.connectTimeoutMs,
        );
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      // ...and the connection may not stay silent too long while a body flows, either way.
      req.setTimeout(this.options.idleTimeoutMs, () =>
        fail(
          networkError(
            `${url.host} sent nothing for ${this.options.idleTimeoutMs} ms`,
            'ETIMEDOUT',
            'TimeoutError',
          ),
        ),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(deadline);
        clearTimeout(connectTimer);
        if (req.reusedSocket && error.code === 'ECONNRESET' && !request.signal?.aborted) {
          staleConnections.add(error);
        }
        reject(error);
      });
      req.on('response', (res) => {
        clearTimeout(deadline);
        clearTimeout(connectTimer);
        // An error while the body arrives reaches the reader of `res` (stream errors).
        res.on('error', () => undefined);
        resolve(res);
      });
      if (!body) req.end();
      else if (Buffer.isBuffer(body.data)) req.end(body.data);
      else sendStream(req, body, url.host);
    });
  }
}

/**
 * Pipes a file stream into the request, checking that exactly `length` bytes came: fewer means
 * the file shrank after it was measured, and the request must not end as if complete.
 */
function sendStream(req: http.ClientRequest, body: ObjectBody, host: string) {
  const source = (body.data as () => Readable)();
  const { length } = body;
  let sent = 0;
  source.on('data', (chunk: Buffer) => {
    sent += chunk.length;
    if (!req.write(chunk)) {
      source.pause();
      req.once('drain', () => source.resume());
    }
  });
  source.on('end', () => {
    if (sent === length) req.end();
    else {
      req.destroy(
        body.shortError?.(sent) ??
          new AwsWireFault(`a body sent to ${host} had ${sent} bytes, ${length} expected`),
      );
    }
  });
  source.on('error', (error) => req.destroy(error));
  req.on('close', () => source.destroy());
}

/**
 * A small answer's body as text. Listeners rather than `for await`: its async iterator and
 * end-of-stream tracking were a tenth of what a small PutObject allocated (issue 14). An answer
 * cut short fails as the connection's fault (ECONNRESET), which the retry policy repeats.
 */
function readText(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('error', reject);
    response.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.once('close', () => {
      if (!response.complete) {
        reject(networkError('the connection closed before the answer ended', 'ECONNRESET'));
      }
    });
  });
}

async function readAnswer(response: http.IncomingMessage): Promise<SignedResponse> {
  const body = await readText(response);
  return { status: response.statusCode ?? 0, headers: response.headers, body };
}

function errorOf(errorXml: string, answer: SignedResponse): Error {
  const code =
    xmlValue(errorXml, 'Code') ??
    ({ 404: 'NotFound', 403: 'Forbidden', 301: 'PermanentRedirect' }[answer.status] ||
      `Http${answer.status}`);
  return serviceError(code, xmlValue(errorXml, 'Message') ?? '', answer);
}

function malformed(operation: string, what: string): Error {
  return Object.assign(new AwsWireFault(`S3 answered ${operation} with ${what}`), {
    name: 'InternalError',
  });
}
