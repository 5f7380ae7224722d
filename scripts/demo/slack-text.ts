/**
 * A Slack message (Block Kit, as notify-slack posts it) as a person would read it, for the terminal:
 * the header, the text, the fields as `Name: value`, the context line, the buttons with their links.
 */
interface Block {
  type?: string;
  text?: { text?: string };
  fields?: { text?: string }[];
  elements?: { text?: string | { text?: string }; url?: string }[];
}

/** Slack mrkdwn to plain text: `<url|label>` links, `*bold*`, `_italic_`, escapes. */
export function mrkdwnToText(text: string): string {
  return text
    .replace(/<([^|>]+)\|([^>]+)>/g, (_, url: string, label: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/(^|\s)\*([^*\n]+)\*(?=\s|$)/g, '$1$2')
    .replace(/(^|\s)_([^_\n]+)_(?=\s|$)/g, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** `*Tenant*\ndemo` -> ['Tenant', 'demo'] */
function field(text: string): [string, string] {
  const [name, ...value] = text.split('\n');
  return [mrkdwnToText(name), mrkdwnToText(value.join(' '))];
}

function renderBlocks(blocks: Block[]): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.type === 'header' && block.text?.text) lines.push(block.text.text, '');
    else if (block.type === 'section' && block.fields) {
      const pairs = block.fields.map((f) => field(f.text ?? ''));
      const width = Math.max(...pairs.map(([name]) => name.length));
      for (const [name, value] of pairs) lines.push(`${`${name}:`.padEnd(width + 1)} ${value}`);
    } else if (block.type === 'section' && block.text?.text) {
      lines.push(mrkdwnToText(block.text.text));
    } else if (block.type === 'context') {
      const text = (block.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : ''));
      lines.push(mrkdwnToText(text.join(' ')));
    } else if (block.type === 'actions') {
      for (const e of block.elements ?? []) {
        const label = typeof e.text === 'object' ? e.text?.text : e.text;
        lines.push(`[${label}] ${e.url ?? ''}`.trim());
      }
    }
  }
  return lines;
}

/** The message text of a webhook body (JSON with blocks and/or text); the raw body otherwise. */
export function slackMessageText(body: string): string {
  try {
    const doc = JSON.parse(body) as { text?: string; blocks?: Block[] };
    if (doc.blocks?.length) return renderBlocks(doc.blocks).join('\n');
    return mrkdwnToText(doc.text ?? body);
  } catch {
    return body;
  }
}
