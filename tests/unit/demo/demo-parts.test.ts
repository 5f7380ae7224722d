/**
 * The demo's own logic, without running the pipeline: its options, the verdict it draws from S3,
 * how it shows summaries, Slack messages and the S3 tree, and how it reports what is missing.
 */
import { describe, expect, it } from '@jest/globals';
import { parseOptions, UsageError } from '../../../scripts/demo/options';
import { judge } from '../../../scripts/demo/outcome';
import { formatDuration } from '../../../scripts/demo/progress';
import { renderTree } from '../../../scripts/demo/s3-tree';
import { ServiceSet, ServiceUnavailable } from '../../../scripts/demo/services';
import { slackMessageText } from '../../../scripts/demo/slack-text';
import { summaryToText } from '../../../scripts/demo/summary-text';
import { installCommand, missing, NEEDS } from '../../../packages/local-services/src/system-tools';

describe('demo options', () => {
  it('defaults to DEMO-DEV as DEV, and derives the environment from the project', () => {
    const defaults = parseOptions([], '/repo');
    expect(defaults).toMatchObject({
      projectDir: 'DEMO-DEV',
      environment: 'DEV',
      keep: false,
      dir: '/repo/.demo',
    });
    expect(parseOptions(['--project', 'DEMO'], '/repo')).toMatchObject({
      projectDir: 'DEMO',
      environment: 'PROD',
    });
    expect(
      parseOptions(['--project=DEV:DEMO-DEV', '--sample-size=all', '--keep'], '/r'),
    ).toMatchObject({ projectDir: 'DEMO-DEV', environment: 'DEV', sampleSize: 'all', keep: true });
  });

  it('refuses a bad sample size, a bad project and unknown options', () => {
    expect(() => parseOptions(['--sample-size', '-3'], '/r')).toThrow(UsageError);
    expect(() => parseOptions(['--sample-size', 'some'], '/r')).toThrow(/positive whole number/);
    expect(() => parseOptions(['--project', '../etc'], '/r')).toThrow(/DEMO or DEMO-DEV/);
    expect(() => parseOptions(['--project'], '/r')).toThrow(/needs a value/);
    expect(() => parseOptions(['--fast'], '/r')).toThrow(/unknown option --fast/);
  });
});

const part = (dataset: string, name: string, manifest = true) => [
  { key: `demo/datasets/${dataset}/${name}/listings.csv`, size: 100 },
  ...(manifest ? [{ key: `demo/datasets/${dataset}/${name}/_cat_manifest.json`, size: 40 }] : []),
];

describe('the verdict', () => {
  const ds = '20261125_101500_utc';
  const results = [{ key: `demo/test_results/${ds}/20261125_102000_utc/summary.json`, size: 9 }];

  it('is ok with 1b, 2b and 3b parts with manifests, a test result and an alert', () => {
    const objects = [...part(ds, '1b_raw'), ...part(ds, '2b_x'), ...part(ds, '3b_y'), ...results];
    const outcome = judge(objects, 'demo', 1);
    expect(outcome).toMatchObject({ ok: true, completeDataset: ds, missing: [] });
    expect(outcome.testResults).toEqual([`${ds}/20261125_102000_utc`]);
  });

  it('names what is missing: a part without its manifest, no test result, no alert', () => {
    const objects = [...part(ds, '1b_raw'), ...part(ds, '2b_x'), ...part(ds, '3b_y', false)];
    const outcome = judge(objects, 'demo', 0);
    expect(outcome.ok).toBe(false);
    expect(outcome.completeDataset).toBeUndefined();
    expect(outcome.missing).toEqual([
      expect.stringContaining(`${ds}: 1b_raw, 2b_x, 3b_y (no manifest)`),
      'a test result under demo/test_results/',
      expect.stringContaining('Slack alert'),
    ]);
    expect(judge([], 'demo', 1).missing[0]).toMatch(/no dataset at all/);
  });
});

describe('what the demo prints', () => {
  it('shows an HTML step summary as headings and aligned columns', () => {
    const html =
      '<h3>Tenant demo · DEV</h3>\n<table><tr><th>Folder</th><th>Secret</th></tr>' +
      '<tr><td><code>Project/DEMO-DEV</code></td><td>demo-scraper-secrets</td></tr></table>\n' +
      '<a href="https://x/run">run</a> &amp; more';
    expect(summaryToText(html)).toBe(
      [
        'Tenant demo · DEV',
        '',
        'Folder            Secret',
        'Project/DEMO-DEV  demo-scraper-secrets',
        '',
        'run (https://x/run) & more',
      ].join('\n'),
    );
  });

  it('shows a Markdown summary the same way', () => {
    const md =
      '### Results\n\n| Dataset | Results |\n|---|---|\n| `d1` | [`s3://b/k`](https://c) |';
    expect(summaryToText(md)).toBe(
      ['Results', '', 'Dataset  Results', 'd1       s3://b/k (https://c)'].join('\n'),
    );
  });

  it('shows a Block Kit alert as a person reads it', () => {
    const body = JSON.stringify({
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Stage 1a failed' } },
        { type: 'section', text: { type: 'mrkdwn', text: '<!here> *see* <https://r|the run>' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Tenant*\ndemo' },
            { type: 'mrkdwn', text: '*Environment*\nDEV' },
          ],
        },
        { type: 'actions', elements: [{ text: { text: 'Open the run' }, url: 'https://r' }] },
      ],
    });
    expect(slackMessageText(body).split('\n')).toEqual([
      'Stage 1a failed',
      '',
      '@here see the run (https://r)',
      'Tenant:      demo',
      'Environment: DEV',
      '[Open the run] https://r',
    ]);
    expect(slackMessageText('{"text":"plain *bold*"}')).toBe('plain bold');
  });

  it('shows durations in seconds, and in minutes past one', () => {
    expect([850, 12_340, 59_960, 61_000, 125_400].map(formatDuration)).toEqual([
      '0.8s',
      '12.3s',
      '1m00s',
      '1m01s',
      '2m05s',
    ]);
  });

  it('shows the S3 tree with folder totals and only the first files of a big folder', () => {
    const objects = Array.from({ length: 9 }, (_, i) => ({
      key: `demo/datasets/d/1b_raw/f${i}.csv`,
      size: 1024,
    }));
    const lines = renderTree(objects, 'demo/', 3);
    expect(lines[0]).toMatch(/^datasets\/ +9 files, 9\.0 KiB$/);
    expect(lines[2]).toMatch(/^ {4}1b_raw\/ +9 files, 9\.0 KiB$/);
    expect(lines.slice(3, 6).map((l) => l.trim().split(/ +/)[0])).toEqual([
      'f0.csv',
      'f1.csv',
      'f2.csv',
    ]);
    expect(lines[6]).toBe('      … 6 more files');
  });
});

describe('missing system packages and service lifecycle', () => {
  it('names the Debian packages that provide what is missing', () => {
    const lacking = missing([NEEDS.initdb, NEEDS.psql, NEEDS.sshd], { PATH: '/nonexistent' }, []);
    expect(lacking.map((n) => n.aptPackage)).toEqual([
      'postgresql',
      'postgresql-client',
      'openssh-server',
    ]);
    expect(installCommand(lacking)).toMatch(
      /^(sudo )?apt-get install -y postgresql postgresql-client openssh-server$/,
    );
  });

  it('records an unavailable service with its install command and stops the rest once, last first', async () => {
    const services = new ServiceSet();
    const stopped: string[] = [];
    const service = (name: string) => async () => ({
      name,
      endpoint: `http://127.0.0.1/${name}`,
      env: { [`${name.toUpperCase()}_URL`]: name },
      stop: async () => void stopped.push(name),
    });
    await services.start('a', service('a'));
    await services.start('db', async () => {
      throw new ServiceUnavailable('PostgreSQL is not installed', 'apt-get install -y postgresql');
    });
    await services.start('b', service('b'));
    expect(services.unavailable).toEqual([
      {
        name: 'db',
        reason: 'PostgreSQL is not installed',
        install: 'apt-get install -y postgresql',
      },
    ]);
    expect(services.env()).toEqual({ A_URL: 'a', B_URL: 'b' });
    await Promise.all([services.stopAll(), services.stopAll()]);
    expect(stopped).toEqual(['b', 'a']);
    expect(await services.start('c', service('c'))).toBeUndefined();
  });
});
