/**
 * How each local service of the demo starts. They come from packages/local-services, the same stand-ins the
 * integration tests use, so the demo exercises exactly what the tests prove.
 */
import { startFakeAws } from '@cat-actions/local-services';
import { startSlackReceiver } from '@cat-actions/local-services';
import type { RunningService } from './services';
import { slackMessageText } from './slack-text';

export async function startAws(
  secretName: string,
  secret: Record<string, string>,
): Promise<RunningService> {
  const aws = await startFakeAws({ accountId: '000000000000', secrets: { [secretName]: secret } });
  const calls = (action: string) => aws.requests.filter((r) => r.action === action).length;
  return {
    name: 'sts + secrets manager',
    endpoint: aws.url,
    env: aws.env,
    details: { secret: `${secretName} (keys: ${Object.keys(secret).join(', ')})` },
    activity: () => `${calls('AssumeRole')} AssumeRole, ${calls('GetSecretValue')} GetSecretValue`,
    stop: () => aws.stop(),
  };
}

export interface SlackService extends RunningService {
  /** The text of every message received, in order. */
  messages(): string[];
}

/** Slack: a receiver that records webhook posts and checks them as Slack does. */
export async function startSlack(): Promise<SlackService> {
  const receiver = await startSlackReceiver();
  return {
    name: 'slack',
    endpoint: receiver.webhookUrl,
    // The workflows hand the webhook to notify-slack as an input (a secret), not to every step.
    env: {},
    stop: () => receiver.close(),
    activity: () => `${receiver.requests.length} message(s) received`,
    messages: () =>
      receiver.requests
        .filter((r) => r.path.startsWith('/services/') && r.rawBody)
        .map((r) => slackMessageText(r.rawBody)),
  };
}
