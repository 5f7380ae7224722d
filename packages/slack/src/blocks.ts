/**
 * The few Block Kit shapes a notice uses, typed so that a wrong shape fails to compile instead of
 * failing in Slack with `invalid_blocks`.
 */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}

export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: Mrkdwn }
  | { type: 'section'; fields: Mrkdwn[] }
  | { type: 'context'; elements: Mrkdwn[] }
  | {
      type: 'actions';
      elements: { type: 'button'; text: PlainText; url: string; style?: 'primary' | 'danger' }[];
    };

/** The body of a webhook post; chat.postMessage takes the same with a `channel`. */
export interface SlackMessage {
  /** Shown in notifications and by clients that cannot draw blocks; mrkdwn. */
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

export const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text });
export const plainText = (text: string): PlainText => ({ type: 'plain_text', text, emoji: true });
