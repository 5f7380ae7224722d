/** Passes one request on to `upstream` as it came and pipes the answer back: the fault proxies' happy path. */
import http from 'node:http';

export function forwardRequest(
  upstream: URL,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  const forward = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', () => res.destroy());
  req.pipe(forward);
}
