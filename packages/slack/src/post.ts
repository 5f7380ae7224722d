/**
 * One HTTP POST over node:http(s), as delivery.ts needs it: the status, the body and Retry-After,
 * redirects never followed, one timeout for the whole exchange. Global fetch would do the same,
 * but loading it (undici) costs a notify-slack step about as much as all its own work (issue 14).
 * Failures look like fetch's: a timeout is a `TimeoutError`, a network fault carries Node's
 * `code` in `cause`.
 */
import type http from 'node:http';

export interface PostAnswer {
  status: number;
  body: string;
  retryAfter: string | null;
}

/** A failed exchange, as fetch reports it; delivery.ts turns it into its retry reason. */
export class PostFault extends Error {}

export async function post(
  url: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<PostAnswer> {
  const target = new URL(url);
  const transport: { request: typeof http.request } =
    target.protocol === 'http:' ? await import('node:http') : await import('node:https');
  return new Promise((resolve, reject) => {
    const fail = (name: string, message: string, cause?: unknown) =>
      reject(Object.assign(new PostFault(message, { cause }), { name }));
    const req = transport.request(target, {
      method: 'POST',
      headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      fail('TimeoutError', `no answer within ${timeoutMs} ms`);
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      fail('TypeError', 'fetch failed', error);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => {
        clearTimeout(timer);
        fail('TypeError', 'fetch failed', error);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const retryAfter = res.headers['retry-after'];
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          retryAfter: retryAfter === undefined ? null : String(retryAfter),
        });
      });
    });
    req.end(init.body);
  });
}
