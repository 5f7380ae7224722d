import { InputError } from '@cat-actions/core';

/**
 * Mentions are the one place raw mrkdwn is allowed through: `<!here>`, `<!channel>`,
 * `<!everyone>`, `<@U0123ABC>` (a person) or `<!subteam^S0123ABC>` (a user group), separated by
 * spaces. The common slip `@here` is accepted and written the way Slack needs it; anything else is
 * refused, since it would reach the channel unescaped.
 */
const SLACK_MENTION = /^<(?:!here|!channel|!everyone|@[UW][A-Z0-9]+|!subteam\^S[A-Z0-9]+)>$/;
const BARE_BROADCAST = /^@(here|channel|everyone)$/;

export function normalizeMention(input: string): string {
  const tokens = input.split(/\s+/).filter(Boolean);
  return tokens
    .map((token) => {
      const bare = BARE_BROADCAST.exec(token);
      if (bare) return `<!${bare[1]}>`;
      if (SLACK_MENTION.test(token)) return token;
      throw new InputError({
        input: 'mention',
        received: token,
        expected:
          'Slack mentions separated by spaces: <!here>, <!channel>, <@USER_ID> or <!subteam^GROUP_ID>',
        example: '<!here>',
      });
    })
    .join(' ');
}
