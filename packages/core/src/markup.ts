/**
 * Text the project did not write (inputs, names from AWS, a service's error message) is shown
 * in step summaries, which GitHub renders as Markdown with HTML, and in Slack. It is escaped so it
 * shows as typed and cannot add markup, links or table cells of its own.
 */

/**
 * For HTML text content (the summary tables and headings): `&`, `<` and `>` are all that can start
 * markup there; GitHub does not read Markdown inside an HTML block.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * For a summary line outside HTML, which GitHub reads as Markdown: the characters that start
 * emphasis, links, code or a table cell are backslash-escaped, HTML is made text, a line start
 * cannot become a heading, list or quote, and the text stays on one line.
 */
export function escapeMarkdown(text: string): string {
  return singleLine(text)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)([#+-]|\d+\.)/, '$1\\$2');
}

/** Control characters (newlines included) become one space: one value stays one line. */
export function singleLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}
