/**
 * Slack's text rules: mrkdwn treats `&`, `<` and `>` as control characters (links, mentions,
 * entities), so text a user or a commit message supplied must have them escaped, and every text
 * object has a length limit past which Slack rejects the whole message with `invalid_blocks`.
 */

/** Limits from Slack's Block Kit reference; exceeding any of them makes Slack refuse the message. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextElements: 10,
  buttonText: 75,
  url: 3000,
  blocks: 50,
  /** The fallback `text` may be far longer, but notifications only show the start. */
  fallbackText: 3000,
} as const;

const ELLIPSIS = '…';

/** Escapes the three characters mrkdwn gives a meaning to; everything else is shown as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts `text` to at most `max` characters, ending with an ellipsis when it was cut. Never leaves
 * half an escape entity (`&am…`) or half a surrogate pair behind: Slack would show garbage, or
 * reject a lone surrogate.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  cut = cut.replace(/&[a-z]{0,3}$/, '');
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

/** A mrkdwn link whose label is escaped; `url` is one we built, never user text. */
export function mrkdwnLink(url: string, label: string): string {
  return `<${escapeMrkdwn(url)}|${escapeMrkdwn(label)}>`;
}
