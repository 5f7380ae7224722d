import { InputError, singleLine, splitKeyValue } from '@cat-actions/core';

export interface MessageField {
  key: string;
  value: string;
}

/**
 * Parses the `fields` input: one `Key=Value` per line, split at the first `=` so values may hold
 * `=` themselves (URLs, base64). Blank lines are skipped; any other line without a key is an
 * error naming the line, because silently dropping it would hide the value someone wanted to see.
 *
 * A value written as a JSON string (`Project=${{ toJSON(inputs.project) }}`) is decoded: that is
 * how a workflow passes a value it did not write. A newline inside it then stays inside its own
 * field, instead of starting a line of its own that would read as another, spoofed, field.
 * Other control characters never reach Slack.
 */
export function parseFields(input: string): MessageField[] {
  const fields: MessageField[] = [];
  const lines = input.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const pair = splitKeyValue(line);
    const key = pair ? singleLine(pair.key).trim() : '';
    if (!key) {
      throw new InputError({
        input: 'fields',
        received: `line ${index + 1}: ${line.trim()}`,
        expected: 'one Key=Value per line',
        example: 'Dataset=20240101_120000_utc',
      });
    }
    fields.push({ key, value: fieldValue(pair!.value.trim()) });
  });
  return fields;
}

function fieldValue(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      const decoded: unknown = JSON.parse(raw);
      if (typeof decoded === 'string') return withoutControls(decoded);
    } catch {
      // Not JSON after all: shown as typed.
    }
  }
  return withoutControls(raw);
}

/** Line breaks stay (inside the one field); every other control character becomes a space. */
function withoutControls(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => singleLine(line))
    .join('\n');
}
