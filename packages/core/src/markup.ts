/**
 * Text the project did not write (inputs, names from AWS, a service's error message) is shown
 * in step summaries, which GitHub renders as Markdown with HTML, and in Slack. It is escaped so it
 * shows as typed and cannot add markup, links or table cells of its own.
 */

/** For HTML (the summary tables): `&`, `<`, `>`, quotes; also Markdown's table pipe and backtick. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;');
}

/**
 * Markdown outside HTML (a summary line): the characters that start emphasis, links, headings,
 * code or HTML are backslash-escaped, and the text is kept on one line.
 */
export function escapeMarkdown(text: string): string {
  return singleLine(text)
    .replace(/[\\`*_{}[\]()#+!|~-]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Control characters (newlines included) become one space: one value stays one line. */
export function singleLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}
