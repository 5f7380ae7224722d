/**
 * Step summaries are written for the GitHub UI, as Markdown or as the HTML the toolkit's summary
 * builder writes (tables, headings, links); the demo prints them as plain text in the terminal.
 */
const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
  '&amp;': '&',
};

const decode = (text: string) =>
  text.replace(/&(nbsp|lt|gt|quot|#39|apos|amp);/g, (e) => ENTITIES[e]);

/** Inline markup of one line or cell: links as `label (url)`, no tags, no emphasis markers. */
function inline(text: string): string {
  const link = (label: string, url: string) =>
    label === url || !url ? label : `${label} (${url})`;
  return decode(
    text
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, (_, url: string, label: string) =>
        link(label.replace(/<[^>]+>/g, ''), url),
      )
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\(([^)]*)\)/g, (_, label: string, url: string) => link(label, url))
      .replace(/\*\*([^*]+)\*\*/g, '$1')
      .replace(/`([^`]*)`/g, '$1'),
  ).trim();
}

/** Rows of cells as aligned columns. */
function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** HTML block elements to lines, so what follows only deals with Markdown-like lines. */
function htmlToLines(html: string): string {
  return html
    .replace(/<table[^>]*>([\s\S]*?)<\/table>/gi, (_, body: string) => {
      const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)].map((row) =>
        [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/gi)].map((cell) => inline(cell[1])),
      );
      return `\n${columns(rows).join('\n')}\n`;
    })
    .replace(/<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/gi, (_, text: string) => `\n${inline(text)}\n`)
    .replace(/<li[^>]*>/gi, '\n• ')
    .replace(/<summary[^>]*>([\s\S]*?)<\/summary>/gi, (_, text: string) => `\n${inline(text)}\n`)
    .replace(/<\/?(p|div|ul|ol|details|pre|hr)[^>]*>|<br\s*\/?>/gi, '\n');
}

const isTableRow = (line: string) => /^\s*\|.*\|\s*$/.test(line);
const isSeparator = (line: string) => /^\s*\|[\s:|-]+\|\s*$/.test(line);

function markdownTable(rows: string[]): string[] {
  return columns(
    rows
      .filter((row) => !isSeparator(row))
      .map((row) =>
        row
          .trim()
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((cell) => inline(cell.replace(/\\\|/g, '|'))),
      ),
  );
}

export function summaryToText(summary: string): string {
  const out: string[] = [];
  const lines = htmlToLines(summary.replace(/\r\n/g, '\n')).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isTableRow(line)) {
      const rows: string[] = [];
      while (i < lines.length && isTableRow(lines[i])) rows.push(lines[i++]);
      i--;
      out.push(...markdownTable(rows));
      continue;
    }
    if (/^\s*```/.test(line)) continue;
    const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
    const item = /^(\s*)[-*]\s+(.*)$/.exec(line);
    if (heading) out.push(inline(heading[1]));
    else if (item) out.push(`${item[1]}• ${inline(item[2])}`);
    // Lines made by htmlToLines (aligned columns) keep their spacing.
    else out.push(/<|\[|`|\*\*|&\w+;/.test(line) ? inline(line) : line.trimEnd());
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
