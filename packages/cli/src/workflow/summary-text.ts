/**
 * A step summary as a terminal shows it: the actions write HTML tables (GitHub renders them);
 * here headings become lines, table rows become `a | b | c`, tags go and entities are decoded.
 * Markdown passes through as it is.
 */
const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

export function summaryText(summary: string): string {
  if (!/<\/?(h\d|table|tr|td|th|p|br|code|b|strong|a|ul|li)\b/i.test(summary)) return summary;
  return summary
    .replace(/<h(\d)[^>]*>/gi, (_m, level: string) => `\n${'#'.repeat(Number(level))} `)
    .replace(/<\/h\d>/gi, '\n')
    .replace(/<tr[^>]*>/gi, '\n')
    .replace(/<\/t[dh]>\s*<t[dh][^>]*>/gi, ' | ')
    .replace(/<br\s*\/?>|<\/p>|<\/li>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity])
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .trim();
}
