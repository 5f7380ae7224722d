/**
 * The step summary most actions write: a heading and one table of what they did. Every heading and
 * cell is escaped here, once, because much of it is text the project did not write (bucket names,
 * ARNs, program versions, host names): it is shown as typed, never as markup.
 */
import * as core from './toolkit';
import { escapeHtml } from '@cat-actions/core';

export async function writeSummaryTable(
  heading: string,
  columns: string[],
  rows: string[][],
): Promise<void> {
  await core.summary
    .addHeading(escapeHtml(heading), 3)
    .addTable([
      columns.map((column) => ({ data: escapeHtml(column), header: true })),
      ...rows.map((row) => row.map(escapeHtml)),
    ])
    .write();
}
