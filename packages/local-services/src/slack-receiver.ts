/**
 * A stand-in for Slack on 127.0.0.1 (random port), for tests and the demo. It serves incoming
 * webhooks (any path under /services/) and the Web API's /api/chat.postMessage, records every
 * request, checks messages the way Slack does (JSON, text or blocks, Block Kit limits), and can be
 * told to misbehave for the next requests.
 *
 *   const slack = await startSlackReceiver();
 *   runAction('notify-slack', { inputs: { 'webhook-url': slack.webhookUrl } });
 *   runAction('notify-slack', { inputs: { token: 'xoxb-1', channel: '#c' }, env: { SLACK_API_URL: slack.apiUrl } });
 *   slack.answerNext(2, { status: 429, retryAfter: 1 });    // rate limit the next two requests
 *   slack.answerNext(Infinity, { status: 503 });            // an outage, until reset()
 *   slack.answerNext(1, { status: 404, body: 'no_service' });
 *   slack.answerNext(1, { status: 200, body: { ok: false, error: 'channel_not_found' } });
 *   slack.answerNext(1, { status: 200, body: 'ok', delayMs: 5000 }); // a slow answer
 *   slack.requests   // [{ method, path, headers, body (parsed JSON), rawBody, at }]
 */
import http from 'node:http';
import { serveOnLoopback } from './processes';

export interface SlackRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body; undefined when the body was not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  rawBody: string;
  /** Date.now() when the request arrived, to check waits between retries. */
  at: number;
}

export interface ScriptedAnswer {
  status: number;
  /** A string is sent as text (webhook style), anything else as JSON. */
  body?: unknown;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
  /** Answer only after this many milliseconds, to try per-request timeouts. */
  delayMs?: number;
  /** More response headers, e.g. a Location. */
  headers?: Record<string, string>;
}

export interface SlackReceiver {
  url: string;
  /** An incoming webhook URL on this receiver. */
  webhookUrl: string;
  /** The Web API base URL on this receiver (give it as SLACK_API_URL or api-url). */
  apiUrl: string;
  requests: SlackRequest[];
  /** The next `count` requests get `answer` instead of Slack's normal one. */
  answerNext(count: number, answer: ScriptedAnswer): void;
  /** Forgets recorded requests and scripted answers. */
  reset(): void;
  close(): Promise<void>;
}

/** The runner variables of a sample run, for a notice with every run-context field filled in. */
export const SAMPLE_RUN_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/tenant-repo',
  GITHUB_WORKFLOW: 'Data processing',
  GITHUB_JOB: 'stage-2a',
  GITHUB_RUN_ID: '777',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_ACTOR: 'octocat',
  GITHUB_EVENT_NAME: 'workflow_dispatch',
};

/** What resolve-tenant and run-stage export, which every later notice picks up. */
export const SAMPLE_PIPELINE_ENV = {
  TENANT_NAME: 'cat-be',
  ENVIRONMENT: 'DEV',
  DATASET_NAME: '20240101_120000_utc',
};

const WEBHOOK_PATH = '/services/T0CAT0001/B0CAT0002/q1w2e3r4t5y6u7i8o9p0abcd';
export const RECEIVER_CHANNEL_ID = 'C0CATALERT';

/** Slack's own checks, so that a message the real Slack would refuse is refused here too. */
export function slackProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return 'invalid_payload';
  const message = body as { text?: unknown; blocks?: unknown };
  const blocks = Array.isArray(message.blocks) ? message.blocks : undefined;
  if (!message.text && !blocks?.length) return 'no_text';
  if (!blocks) return undefined;
  if (blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks) {
    const text: string | undefined = block?.text?.text;
    if (block.type === 'header' && (block.text?.type !== 'plain_text' || (text?.length ?? 0) > 150))
      return 'invalid_blocks';
    if (block.type === 'section') {
      if (text !== undefined && text.length > 3000) return 'invalid_blocks';
      if (
        block.fields &&
        (block.fields.length > 10 ||
          block.fields.some((f: { text: string }) => f.text.length > 2000))
      )
        return 'invalid_blocks';
      if (text === undefined && !block.fields?.length) return 'invalid_blocks';
    }
  }
  return undefined;
}

function normalAnswer(request: SlackRequest): ScriptedAnswer {
  if (request.method !== 'POST') return { status: 405, body: 'invalid_method' };
  if (request.path.startsWith('/services/')) {
    const problem = request.body === undefined ? 'invalid_payload' : slackProblem(request.body);
    return problem ? { status: 400, body: problem } : { status: 200, body: 'ok' };
  }
  if (request.path === '/api/chat.postMessage') {
    if (!/^Bearer \S+$/.test(request.headers.authorization ?? ''))
      return { status: 200, body: { ok: false, error: 'not_authed' } };
    if (!request.body?.channel)
      return { status: 200, body: { ok: false, error: 'channel_not_found' } };
    const problem = slackProblem(request.body);
    if (problem) return { status: 200, body: { ok: false, error: problem } };
    const ts = `${Math.floor(request.at / 1000)}.${String(request.at % 1000).padStart(6, '0')}`;
    return {
      status: 200,
      body: { ok: true, channel: RECEIVER_CHANNEL_ID, ts, message: { text: request.body.text } },
    };
  }
  return { status: 404, body: 'no_service' };
}

export async function startSlackReceiver(): Promise<SlackReceiver> {
  const requests: SlackRequest[] = [];
  let script: { remaining: number; answer: ScriptedAnswer }[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const request: SlackRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        rawBody,
        at: Date.now(),
      };
      requests.push(request);
      const scripted = script[0];
      let answer: ScriptedAnswer;
      if (scripted) {
        answer = scripted.answer;
        if (--scripted.remaining <= 0) script.shift();
      } else {
        answer = normalAnswer(request);
      }
      const send = () => {
        const text = typeof answer.body === 'string';
        res.writeHead(answer.status, {
          'content-type': text ? 'text/plain' : 'application/json',
          ...(answer.retryAfter !== undefined ? { 'retry-after': String(answer.retryAfter) } : {}),
          ...answer.headers,
        });
        res.end(text ? answer.body : JSON.stringify(answer.body ?? {}));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  const served = await serveOnLoopback(server);
  const url = served.url;
  return {
    url,
    webhookUrl: `${url}${WEBHOOK_PATH}`,
    apiUrl: `${url}/api`,
    requests,
    answerNext(count, answer) {
      script.push({ remaining: count, answer });
    },
    reset() {
      requests.length = 0;
      script = [];
    },
    close: served.stop,
  };
}
