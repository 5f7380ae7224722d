/**
 * A pass-through HTTP proxy in front of a local endpoint that counts the requests it forwards, by
 * kind (list, get, put, ...): the scale section reports how many requests each tool made.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  url: string;
  counts: Map<string, number>;
  total(): number;
  reset(): void;
  stop(): Promise<void>;
}

/** The kind of an S3 request, from its method and query (path style). */
export function requestKind(method: string, url: string): string {
  const query = url.split('?')[1] ?? '';
  if (method === 'GET' && /(^|&)list-type=2/.test(query)) return 'ListObjectsV2';
  if (method === 'GET' && /(^|&)(prefix|delimiter)=/.test(query)) return 'ListObjects';
  if (method === 'POST' && /(^|&)uploads/.test(query)) return 'CreateMultipartUpload';
  if (method === 'PUT' && /partNumber=/.test(query)) return 'UploadPart';
  if (method === 'POST' && /uploadId=/.test(query)) return 'CompleteMultipartUpload';
  return (
    { GET: 'GetObject', PUT: 'PutObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' }[method] ??
    method
  );
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const to = new URL(target);
  const counts = new Map<string, number>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const kind = requestKind(req.method ?? 'GET', req.url ?? '/');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    stop: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
