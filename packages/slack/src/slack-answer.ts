/**
 * What Slack's answer means for a delivery: delivered, worth another try, or refused for good.
 * Webhooks answer with a status and a one-word text body (`ok`, `invalid_payload`, `no_service`);
 * the Web API answers 200 with `{ ok, error }`, so a 200 can still be a refusal.
 */
export type SlackAnswer =
  | { kind: 'delivered'; ts?: string; channel?: string }
  | { kind: 'transient'; reason: string; retryAfterMs?: number }
  | { kind: 'permanent'; reason: string };

/** Web API errors that say "try later", not "this will never work". */
const TRANSIENT_API_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** What to do about the refusals people actually meet. */
const HINTS: Record<string, string> = {
  invalid_payload: 'Slack could not read the message; please report this as a notify-slack bug',
  invalid_blocks: 'Slack refused the message layout; please report this as a notify-slack bug',
  no_service: 'the webhook was removed or disabled: create a new one and update the secret',
  no_team: 'the webhook belongs to a workspace that no longer exists: update the secret',
  invalid_token: 'the webhook URL is not valid: copy it again from the Slack app settings',
  action_prohibited: 'a workspace admin restricted this webhook or app',
  channel_is_archived: 'the channel is archived: unarchive it or post elsewhere',
  channel_not_found: 'check the channel name or ID; for a private channel, invite the app to it',
  not_in_channel: 'invite the app to the channel (/invite @your-app) or use a public channel',
  not_authed: 'no token reached Slack: check the token input',
  invalid_auth: 'the token is not valid: check the secret holding it',
  token_revoked: 'the token was revoked: reinstall the app and update the secret',
  account_inactive: 'the token belongs to a deactivated user or app',
  missing_scope: 'the app needs the chat:write scope',
  restricted_action: 'the workspace does not allow this app to post in that channel',
};

/** Slack's reason, one line, bounded: it goes into a log line and an annotation. */
export function slackReason(body: string): string {
  const line = body.trim().split(/\r?\n/)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function refusal(code: string, status?: number): string {
  const where = status === undefined ? '' : ` (HTTP ${status})`;
  const hint = HINTS[code] ? `: ${HINTS[code]}` : '';
  return `Slack refused the message${where}: ${code || 'no reason given'}${hint}`;
}

export function interpretAnswer(
  mode: 'webhook' | 'api',
  status: number,
  body: string,
  retryAfterMs: number | undefined,
): SlackAnswer {
  if (status === 429) {
    return { kind: 'transient', reason: 'Slack is rate limiting (HTTP 429)', retryAfterMs };
  }
  if (status >= 500) {
    const reason = slackReason(body);
    return {
      kind: 'transient',
      reason: `Slack answered HTTP ${status}${reason ? ` (${reason})` : ''}`,
    };
  }
  if (status < 200 || status >= 300)
    return { kind: 'permanent', reason: refusal(slackReason(body), status) };
  if (mode === 'webhook') return { kind: 'delivered' };

  let answer: { ok?: unknown; error?: unknown; ts?: unknown; channel?: unknown };
  try {
    answer = JSON.parse(body);
  } catch {
    return {
      kind: 'permanent',
      reason: `Slack's API answered with something that is not JSON (${slackReason(body) || 'empty'}): check api-url`,
    };
  }
  if (answer.ok === true) {
    return {
      kind: 'delivered',
      ts: typeof answer.ts === 'string' ? answer.ts : undefined,
      channel: typeof answer.channel === 'string' ? answer.channel : undefined,
    };
  }
  const code = typeof answer.error === 'string' ? answer.error : '';
  if (TRANSIENT_API_ERRORS.has(code)) {
    return { kind: 'transient', reason: `Slack answered ${code}`, retryAfterMs };
  }
  return { kind: 'permanent', reason: refusal(code) };
}
