/**
 * A tiny S3-compatible server for listing logic, because s3rver's `/`-delimited listings are wrong
 * (every common prefix in one page; prefixes with no object directly under them left out).
 * Path-style requests only, answers in S3's XML:
 *   GET /                                 ListBuckets (prefix, max-buckets, continuation-token)
 *   GET /<bucket>?list-type=2&...         ListObjectsV2 (prefix, delimiter, max-keys <= 1000,
 *                                         continuation-token, start-after); common prefixes count
 *                                         towards max-keys and page as S3 pages them
 *   GET /<bucket>?location                GetBucketLocation
 *   GET|HEAD /<bucket>/<key>              GetObject / HeadObject
 * Seeded from memory (`regions` gives BucketRegion; `ignoreBucketPrefix` mimics s3rver, which
 * ignores ListBuckets' Prefix); no signature checks. Records requests and takes scripted faults like
 * fake-aws: `faults.push({ operation: 'ListObjectsV2', code: 'SlowDown', times: 2 })`.
 *
 *   const s3 = await startS3ListEndpoint({ 'cat-data-dev': { 'cat-be/datasets/x/1b/a.csv': 'a' } });
 *   s3.env       // AWS_ENDPOINT_URL_S3, credentials, region, checksum settings
 *   s3.requests  // [{ operation, bucket, key, query }]
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { byBytes, listPage } from './s3-listing';
import { serveOnLoopback } from './processes';

export { listPage };

export type S3Operation =
  | 'ListBuckets'
  | 'ListObjectsV2'
  | 'GetBucketLocation'
  | 'GetObject'
  | 'HeadObject'
  | 'Unsupported';

export interface S3ListRequest {
  operation: S3Operation;
  bucket: string;
  key: string;
  query: Record<string, string>;
}

export interface S3Fault {
  operation?: S3Operation;
  /** An S3 error code (SlowDown, AccessDenied, InternalError, ...) or `reset`. */
  code: string;
  times?: number;
}

export interface SeededBucket {
  region?: string;
  /** key -> content */
  objects: Map<string, string>;
}

export interface S3ListEndpoint {
  url: string;
  env: Record<string, string>;
  requests: S3ListRequest[];
  faults: S3Fault[];
  buckets: Map<string, SeededBucket>;
  /** Adds (or replaces) an object. */
  put(bucket: string, key: string, content?: string): void;
  reset(): void;
  stop(): Promise<void>;
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const STATUS: Record<string, number> = {
  AccessDenied: 403,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  SlowDown: 503,
  ServiceUnavailable: 503,
  InternalError: 500,
};
const MODIFIED = new Date('2024-01-01T00:00:00Z');

const xml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
const etag = (content: string) => `"${createHash('md5').update(content).digest('hex')}"`;
const errorXml = (code: string, message: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xml(message)}</Message>${extra}<RequestId>${randomUUID()}</RequestId></Error>`;

export async function startS3ListEndpoint(
  seed: Record<string, Record<string, string> | string[]> = {},
  regions: Record<string, string> = {},
  options: { ignoreBucketPrefix?: boolean } = {},
): Promise<S3ListEndpoint> {
  const buckets = new Map<string, SeededBucket>();
  const sortedKeys = new Map<string, string[]>();
  const put = (bucket: string, key: string, content = '') => {
    if (!buckets.has(bucket)) buckets.set(bucket, { region: regions[bucket], objects: new Map() });
    buckets.get(bucket)!.objects.set(key, content);
    sortedKeys.delete(bucket);
  };
  for (const [bucket, objects] of Object.entries(seed)) {
    buckets.set(bucket, { region: regions[bucket], objects: new Map() });
    const entries = Array.isArray(objects)
      ? objects.map((k) => [k, ''] as const)
      : Object.entries(objects);
    for (const [key, content] of entries) put(bucket, key, content);
  }
  const keysOf = (bucket: string) => {
    let keys = sortedKeys.get(bucket);
    if (!keys) {
      keys = [...buckets.get(bucket)!.objects.keys()].sort(byBytes);
      sortedKeys.set(bucket, keys);
    }
    return keys;
  };

  const requests: S3ListRequest[] = [];
  const faults: S3Fault[] = [];

  function listBuckets(query: Record<string, string>): string {
    const prefix = options.ignoreBucketPrefix ? '' : (query.prefix ?? '');
    const max = Math.min(Number(query['max-buckets'] ?? 10000), 10000);
    const names = [...buckets.keys()].filter((b) => b.startsWith(prefix)).sort(byBytes);
    const after = query['continuation-token']
      ? Buffer.from(query['continuation-token'], 'base64').toString()
      : '';
    const rest = names.filter((n) => byBytes(n, after) > 0);
    const page = rest.slice(0, max);
    const token =
      rest.length > max
        ? `<ContinuationToken>${Buffer.from(page.at(-1)!).toString('base64')}</ContinuationToken>`
        : '';
    const items = page
      .map(
        (name) =>
          `<Bucket><Name>${xml(name)}</Name><CreationDate>${MODIFIED.toISOString()}</CreationDate>` +
          `${buckets.get(name)!.region ? `<BucketRegion>${buckets.get(name)!.region}</BucketRegion>` : ''}</Bucket>`,
      )
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="${NS}"><Owner><ID>owner</ID><DisplayName>owner</DisplayName></Owner><Buckets>${items}</Buckets>${token}${prefix ? `<Prefix>${xml(prefix)}</Prefix>` : ''}</ListAllMyBucketsResult>`;
  }

  function listObjects(bucket: string, query: Record<string, string>): string {
    const prefix = query.prefix ?? '';
    const delimiter = query.delimiter ?? '';
    const maxKeys = Math.min(Number(query['max-keys'] ?? 1000), 1000);
    const token = query['continuation-token'];
    const after = token ? Buffer.from(token, 'base64').toString() : (query['start-after'] ?? '');
    const page = listPage(keysOf(bucket), { prefix, delimiter, maxKeys, after });
    const objects = buckets.get(bucket)!.objects;
    const contents = page.contents
      .map((key) => {
        const content = objects.get(key) ?? '';
        return `<Contents><Key>${xml(key)}</Key><LastModified>${MODIFIED.toISOString()}</LastModified><ETag>${xml(etag(content))}</ETag><Size>${Buffer.byteLength(content)}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const prefixes = page.prefixes
      .map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`)
      .join('');
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${NS}"><Name>${xml(bucket)}</Name>` +
      `<Prefix>${xml(prefix)}</Prefix>${delimiter ? `<Delimiter>${xml(delimiter)}</Delimiter>` : ''}` +
      `<MaxKeys>${maxKeys}</MaxKeys><KeyCount>${page.contents.length + page.prefixes.length}</KeyCount>` +
      `<IsTruncated>${page.truncated}</IsTruncated>` +
      (token ? `<ContinuationToken>${xml(token)}</ContinuationToken>` : '') +
      (page.next
        ? `<NextContinuationToken>${Buffer.from(page.next).toString('base64')}</NextContinuationToken>`
        : '') +
      `${contents}${prefixes}</ListBucketResult>`
    );
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const query = Object.fromEntries(url.searchParams);
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const operation: S3Operation = !bucket
      ? 'ListBuckets'
      : key
        ? req.method === 'HEAD'
          ? 'HeadObject'
          : 'GetObject'
        : 'location' in query
          ? 'GetBucketLocation'
          : query['list-type'] === '2'
            ? 'ListObjectsV2'
            : 'Unsupported';
    requests.push({ operation, bucket, key, query });
    req.resume();

    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/xml',
        'x-amz-request-id': randomUUID(),
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const rule = faults.find((f) => (f.operation ?? operation) === operation && (f.times ?? 1) > 0);
    if (rule) {
      rule.times = (rule.times ?? 1) - 1;
      if (rule.code === 'reset') return void req.socket.destroy();
      return send(
        STATUS[rule.code] ?? 400,
        errorXml(rule.code, `${rule.code} (scripted by the test)`),
      );
    }
    if (operation === 'ListBuckets') return send(200, listBuckets(query));
    if (!buckets.has(bucket)) {
      return send(
        404,
        errorXml(
          'NoSuchBucket',
          'The specified bucket does not exist',
          `<BucketName>${xml(bucket)}</BucketName>`,
        ),
      );
    }
    if (operation === 'ListObjectsV2') return send(200, listObjects(bucket, query));
    if (operation === 'GetBucketLocation') {
      const region = buckets.get(bucket)!.region;
      const constraint = region && region !== 'us-east-1' ? region : '';
      return send(
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${NS}">${constraint}</LocationConstraint>`,
      );
    }
    if (operation === 'GetObject' || operation === 'HeadObject') {
      const content = buckets.get(bucket)!.objects.get(key);
      if (content === undefined) {
        return send(
          404,
          errorXml('NoSuchKey', 'The specified key does not exist.', `<Key>${xml(key)}</Key>`),
        );
      }
      return send(200, content, {
        'content-type': 'application/octet-stream',
        'content-length': String(Buffer.byteLength(content)),
        etag: etag(content),
        'last-modified': MODIFIED.toUTCString(),
      });
    }
    return send(501, errorXml('NotImplemented', 'Only listing and GetObject are served here'));
  });
  const served = await serveOnLoopback(server);
  const url = served.url;
  return {
    url,
    env: {
      AWS_ENDPOINT_URL_S3: url,
      AWS_ACCESS_KEY_ID: 'AKIALISTENDPOINT',
      AWS_SECRET_ACCESS_KEY: 'list-endpoint-secret',
      AWS_REGION: 'us-east-1',
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    },
    requests,
    faults,
    buckets,
    put,
    reset() {
      requests.length = 0;
      faults.length = 0;
    },
    stop: served.stop,
  };
}
