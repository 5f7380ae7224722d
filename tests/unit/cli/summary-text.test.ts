import { describe, expect, it } from '@jest/globals';
import { summaryText } from '../../../packages/cli/src/workflow/summary-text';

describe('step summaries read as text in a terminal', () => {
  it('turns the HTML tables the actions write into headings and `a | b` rows', () => {
    const html =
      '<h3>Tenant bucket</h3>\n<table><tr><th>Bucket</th><th>Region</th></tr>' +
      '<tr><td><code>s3://cat-data-local/</code></td><td>us-east-1 &amp; more</td></tr></table>\n';
    expect(summaryText(html)).toBe(
      '### Tenant bucket\n\nBucket | Region\ns3://cat-data-local/ | us-east-1 & more',
    );
  });

  it('leaves Markdown as it is', () => {
    const markdown = '### Test results of 20240328_084742_utc\n\n| Check | Result |\n|---|---|\n';
    expect(summaryText(markdown)).toBe(markdown);
  });
});
