import { InputError } from '@cat-actions/core';

export interface MessageField {
  key: string;
  value: string;
}

/**
 * Parses the `fields` input: one `Key=Value` per line, split at the first `=` so values may hold
 * `=` themselves (URLs, base64). Blank lines are skipped; any other line without a key is an
 * error naming the line, because silently dropping it would hide the value someone wanted to see.
 */
export function parseFields(input: string): MessageField[] {
  const fields: MessageField[] = [];
  const lines = input.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    if (!key) {
      throw new InputError({
        input: 'fields',
        received: `line ${index + 1}: ${line.trim()}`,
        expected: 'one Key=Value per line',
        example: 'Dataset=20240101_120000_utc',
      });
    }
    fields.push({ key, value: line.slice(eq + 1).trim() });
  });
  return fields;
}
