import { describe, expect, it } from '@jest/globals';
import { buildMessage, defaultTitle, runContextFromEnv, statusLook } from '@cat-actions/slack';
import type { NoticeContent, RunContext, SlackBlock } from '@cat-actions/slack';

const fullEnv = {
  GITHUB_SERVER_URL: 'https://github.example.com/',
  GITHUB_REPOSITORY: 'acme/tenant-repo',
  GITHUB_WORKFLOW: 'Data upload',
  GITHUB_JOB: 'upload',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '3',
  GITHUB_REF: 'refs/tags/v1.2.0',
  GITHUB_REF_NAME: 'v1.2.0',
  GITHUB_SHA: 'fedcba9876543210fedcba9876543210fedcba98',
  GITHUB_ACTOR: 'dependabot[bot]',
  GITHUB_EVENT_NAME: 'schedule',
  TENANT_NAME: 'cat-ks',
  ENVIRONMENT: 'PROD',
  DATASET_NAME: '20250505_050505_utc',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const asAny = (block: SlackBlock): any => block;
const section = (blocks: SlackBlock[]) =>
  blocks.map(asAny).find((b) => b.type === 'section' && b.text)?.text.text;
const fields = (blocks: SlackBlock[]): string[] =>
  blocks
    .map(asAny)
    .filter((b) => b.type === 'section' && b.fields)
    .flatMap((b) => b.fields.map((f: { text: string }) => f.text));
const content = (over: Partial<NoticeContent> = {}): NoticeContent => ({
  look: statusLook('failure'),
  ...over,
});

describe('run context: read from the runner variables', () => {
  it('builds the run link with the attempt, the commit link and the short SHA', () => {
    expect(runContextFromEnv(fullEnv)).toEqual({
      repository: 'acme/tenant-repo',
      repositoryUrl: 'https://github.example.com/acme/tenant-repo',
      workflow: 'Data upload',
      job: 'upload',
      runId: '42',
      runAttempt: '3',
      runUrl: 'https://github.example.com/acme/tenant-repo/actions/runs/42/attempts/3',
      ref: 'v1.2.0',
      shortSha: 'fedcba9',
      commitUrl:
        'https://github.example.com/acme/tenant-repo/commit/fedcba9876543210fedcba9876543210fedcba98',
      actor: 'dependabot[bot]',
      event: 'schedule',
      tenant: 'cat-ks',
      environment: 'PROD',
      dataset: '20250505_050505_utc',
    });
  });

  it.each([
    ['no run id: no run link', { GITHUB_REPOSITORY: 'a/b' }, 'runUrl', undefined],
    [
      'attempt defaults to 1',
      { GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '9' },
      'runUrl',
      'https://github.com/a/b/actions/runs/9/attempts/1',
    ],
    [
      'ref falls back to the full ref',
      { GITHUB_REF: 'refs/pull/7/merge' },
      'ref',
      'refs/pull/7/merge',
    ],
    ['blank tenant is absent', { TENANT_NAME: '  ' }, 'tenant', undefined],
  ] as [string, Record<string, string>, keyof RunContext, string | undefined][])(
    '%s',
    (_case, env, key, expected) => {
      expect(runContextFromEnv(env)[key]).toBe(expected);
    },
  );
});

describe('default title: tenant, environment, workflow and what happened', () => {
  it.each([
    [
      'failure',
      { tenant: 'cat-be', environment: 'DEV', workflow: 'Data processing' },
      'cat-be DEV · Data processing failed',
    ],
    ['success', { workflow: 'Zoho sync' }, 'Zoho sync succeeded'],
    ['cancelled', { tenant: 'cat-be' }, 'cat-be · Workflow was cancelled'],
    ['canceled', {}, 'Workflow was cancelled'],
    ['', { workflow: 'Data testing' }, 'Data testing reports'],
  ])('%s %j -> %s', (status, context, title) => {
    expect(defaultTitle(statusLook(status), { runAttempt: '1', ...context } as RunContext)).toBe(
      title,
    );
  });
});

describe('message builder', () => {
  const context = runContextFromEnv(fullEnv);

  it.each([
    ['plain text', 'Stage 2a failed', 'Stage 2a failed'],
    ['quotes and newlines stay as typed', 'He said "no"\nthen left', 'He said "no"\nthen left'],
    ['& < > are escaped', 'a<b && c>d', 'a&lt;b &amp;&amp; c&gt;d'],
    [
      'links and mentions in user text are neutralised',
      '<!channel> <https://x|y>',
      '&lt;!channel&gt; &lt;https://x|y&gt;',
    ],
    ['backticks and mrkdwn emphasis stay (harmless)', '`code` *bold*', '`code` *bold*'],
  ])('section text: %s', (_case, text, expected) => {
    expect(section(buildMessage(content({ text }), context).blocks)).toBe(expected);
  });

  it.each([
    ['no text, no mention: no text section', {}, undefined],
    ['mention alone', { mention: '<!here>' }, '<!here>'],
    [
      'mention first, then escaped text',
      { mention: '<@U123>', text: 'x & y' },
      '<@U123> x &amp; y',
    ],
  ])('%s', (_case, over, expected) => {
    expect(section(buildMessage(content(over), context).blocks)).toBe(expected);
  });

  it('puts user fields first, then the run context, ten per section at most', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ key: `K${i}`, value: `v${i}` }));
    const { blocks } = buildMessage(content({ fields: many }), context);
    const sections = blocks.map(asAny).filter((b) => b.type === 'section' && b.fields);
    expect(sections.map((s) => s.fields.length)).toEqual([10, 2, 10]);
    expect(fields(blocks).slice(0, 2)).toEqual(['*K0*\nv0', '*K1*\nv1']);
    expect(fields(blocks).slice(12)).toEqual([
      '*Tenant*\ncat-ks',
      '*Environment*\nPROD',
      '*Dataset*\n20250505_050505_utc',
      '*Repository*\n<https://github.example.com/acme/tenant-repo|acme/tenant-repo>',
      '*Workflow*\nData upload',
      '*Job*\nupload',
      '*Ref*\nv1.2.0',
      '*Commit*\n<https://github.example.com/acme/tenant-repo/commit/fedcba9876543210fedcba9876543210fedcba98|fedcba9>',
      '*Actor*\ndependabot[bot]',
      '*Event*\nschedule',
    ]);
  });

  it('a field the caller gave replaces the one from the environment with the same name', () => {
    const given = [
      { key: 'dataset', value: 'new (not created)' },
      { key: 'Stage', value: '1a' },
    ];
    const shown = fields(buildMessage(content({ fields: given }), context).blocks);
    expect(shown.filter((f) => /^\*dataset\*/i.test(f))).toEqual(['*dataset*\nnew (not created)']);
    expect(shown).toContain('*Tenant*\ncat-ks');
  });

  it('counts the fields past 40 instead of showing them', () => {
    const many = Array.from({ length: 45 }, (_, i) => ({ key: `K${i}`, value: 'v' }));
    const shown = fields(buildMessage(content({ fields: many }), {} as RunContext).blocks);
    expect(shown).toHaveLength(40);
    expect(shown[39]).toBe('*…*\n6 more fields not shown');
  });

  it.each([
    ['escaped key and value', { key: 'a<b', value: 'x&y' }, '*a&lt;b*\nx&amp;y'],
    ['empty value shows a dash', { key: 'Rows', value: '' }, '*Rows*\n—'],
  ])('field: %s', (_case, field, expected) => {
    expect(fields(buildMessage(content({ fields: [field] }), {} as RunContext).blocks)).toEqual([
      expected,
    ]);
  });

  it.each([
    ['header', { title: 'H'.repeat(300) }, (b: SlackBlock[]) => asAny(b[0]).text.text, 150],
    ['section', { text: '<'.repeat(2000) }, section, 3000],
    [
      'field',
      { fields: [{ key: 'k', value: 'v'.repeat(5000) }] },
      (b: SlackBlock[]) => fields(b)[0],
      2000,
    ],
  ])("cuts the %s to Slack's limit with an ellipsis", (_case, over, pick, limit) => {
    const text = pick(buildMessage(content(over), context).blocks) as string;
    expect(text.length).toBeLessThanOrEqual(limit);
    expect(text.endsWith('…')).toBe(true);
    expect(text).not.toMatch(/&[a-z]{0,3}…$/);
  });

  it('the fallback text keeps mention, title and run link even when the text is huge', () => {
    const message = buildMessage(
      content({ mention: '<!here>', text: 'z'.repeat(10_000) }),
      context,
    );
    expect(message.text.length).toBeLessThanOrEqual(3000);
    expect(
      message.text.startsWith('<!here> :red_circle: cat-ks PROD · Data upload failed: zzz'),
    ).toBe(true);
    expect(message.text.endsWith(`(acme/tenant-repo ${context.runUrl})`)).toBe(true);
  });

  it('adds a run link context and a button only when there is a run', () => {
    const withRun = buildMessage(content({ look: statusLook('success') }), context).blocks.map(
      asAny,
    );
    expect(withRun.find((b) => b.type === 'actions').elements[0]).toEqual({
      type: 'button',
      text: { type: 'plain_text', text: 'Open the run', emoji: true },
      url: context.runUrl,
    });
    const local = buildMessage(content(), {} as RunContext).blocks.map((b) => b.type);
    expect(local).toEqual(['header']);
  });

  it('survives JSON.stringify with every awkward character', () => {
    const text = 'q"uote\' back\\slash \n\r\t \u2028 emoji 🚀 nul\u0000';
    const message = buildMessage(content({ text, title: text }), context);
    expect(JSON.parse(JSON.stringify(message))).toEqual(message);
  });
});
