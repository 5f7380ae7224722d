/** The step summary writer, with @actions/core's API and HTML output. */
// Synchronous writes of a few KiB: node:fs/promises would load a dozen more modules at every
// action's start for them (issue 14).
import { accessSync, appendFileSync, constants, writeFileSync } from 'node:fs';
import { EOL } from 'node:os';

export type SummaryTableCell =
  string | { data: string; header?: boolean; colspan?: string; rowspan?: string };

function wrap(
  tag: string,
  content: string | null,
  attrs: Record<string, string | undefined> = {},
): string {
  const html = Object.entries(attrs)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${value}"`)
    .join('');
  return content ? `<${tag}${html}>${content}</${tag}>` : `<${tag}${html}>`;
}

export class Summary {
  private buffer = '';

  private async filePath(): Promise<string> {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.');
    accessSync(file, constants.R_OK | constants.W_OK);
    return file;
  }

  async write(options?: { overwrite?: boolean }): Promise<Summary> {
    const file = await this.filePath();
    (options?.overwrite ? writeFileSync : appendFileSync)(file, this.buffer, 'utf8');
    return this.emptyBuffer();
  }
  stringify = () => this.buffer;
  isEmptyBuffer = () => this.buffer.length === 0;
  emptyBuffer(): Summary {
    this.buffer = '';
    return this;
  }
  addRaw(text: string, addEOL = false): Summary {
    this.buffer += text;
    return addEOL ? this.addEOL() : this;
  }
  addEOL = (): Summary => this.addRaw(EOL);
  private addElement = (html: string): Summary => this.addRaw(html).addEOL();
  addCodeBlock = (code: string, lang?: string) =>
    this.addElement(wrap('pre', wrap('code', code), { lang }));
  addList = (items: string[], ordered = false) =>
    this.addElement(wrap(ordered ? 'ol' : 'ul', items.map((item) => wrap('li', item)).join('')));
  addTable(rows: SummaryTableCell[][]): Summary {
    const body = rows
      .map((row) =>
        wrap(
          'tr',
          row
            .map((cell) =>
              typeof cell === 'string'
                ? wrap('td', cell)
                : wrap(cell.header ? 'th' : 'td', cell.data, {
                    colspan: cell.colspan,
                    rowspan: cell.rowspan,
                  }),
            )
            .join(''),
        ),
      )
      .join('');
    return this.addElement(wrap('table', body));
  }
  addDetails = (label: string, content: string) =>
    this.addElement(wrap('details', wrap('summary', label) + content));
  addHeading = (text: string, level: number | string = 1) =>
    this.addElement(
      wrap(['1', '2', '3', '4', '5', '6'].includes(String(level)) ? `h${level}` : 'h1', text),
    );
  addSeparator = () => this.addElement(wrap('hr', null));
  addBreak = () => this.addElement(wrap('br', null));
  addQuote = (text: string, cite?: string) => this.addElement(wrap('blockquote', text, { cite }));
  addLink = (text: string, href: string) => this.addElement(wrap('a', text, { href }));
}

export const summary = new Summary();
