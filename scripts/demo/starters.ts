/**
 * How each local service of the demo starts. They come from tests/support, the same stand-ins the
 * integration tests use, so the demo exercises exactly what the tests prove.
 */
import { startFakeAws } from '../../tests/support/fake-aws';
import { startHttpRecorder } from '../../tests/support/http-recorder';
import { optionalSupport } from './repo';
import { slackMessageText } from './slack-text';
import { ServiceUnavailable, type RunningService } from './services';

export const notLanded = (what: string) =>
  new ServiceUnavailable(`not available yet (${what} has not landed in this checkout)`);

export interface AwsService extends RunningService {
  /** How many requests reached each action, for the "what happened" lines. */
  calls(action: string): number;
}

export async function startAws(secretName: string, secret: Record<string, string>) {
  const aws = await startFakeAws({ accountId: '000000000000', secrets: { [secretName]: secret } });
  const service: AwsService = {
    name: 'sts + secrets manager',
    endpoint: aws.url,
    env: aws.env,
    details: { secret: `${secretName} (keys: ${Object.keys(secret).join(', ')})` },
    stop: () => aws.stop(),
    calls: (action) => aws.requests.filter((r) => r.action === action).length,
  };
  return service;
}

export interface SlackService extends RunningService {
  /** The text of every message received, in order. */
  messages(): string[];
}

interface SlackReceiverModule {
  startSlackReceiver(): Promise<{
    webhookUrl: string;
    requests: { path: string; rawBody: string }[];
    close(): Promise<void>;
  }>;
}

/**
 * Slack: tests/support/slack-receiver.ts (checks messages as Slack does), or a plain recorder
 * that answers `ok` when that has not landed.
 */
export async function startSlack(): Promise<SlackService> {
  const module = await optionalSupport<SlackReceiverModule>('slack-receiver.ts');
  let webhookUrl: string;
  let received: () => { path: string; rawBody: string }[];
  let close: () => Promise<void>;
  if (module) {
    const receiver = await module.startSlackReceiver();
    ({ webhookUrl, close } = receiver);
    received = () => receiver.requests;
  } else {
    const recorder = await startHttpRecorder(() => ({ status: 200, body: 'ok' }));
    webhookUrl = `${recorder.url}/services/T000DEMO/B000DEMO/demo`;
    close = recorder.close;
    received = () => recorder.requests.map((r) => ({ path: r.url, rawBody: r.body }));
  }
  return {
    name: 'slack',
    endpoint: webhookUrl,
    env: { SLACK_WEBHOOK_URL: webhookUrl },
    stop: close,
    messages: () =>
      received()
        .filter((r) => r.path.startsWith('/services/') && r.rawBody)
        .map((r) => slackMessageText(r.rawBody)),
  };
}
