import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { errorLines, runAction } from '../support/action-runner';
import {
  RECEIVER_CHANNEL_ID,
  SAMPLE_PIPELINE_ENV,
  SAMPLE_RUN_ENV,
  startSlackReceiver,
} from '../support/slack-receiver';
import type { SlackReceiver } from '../support/slack-receiver';

const SHA = SAMPLE_RUN_ENV.GITHUB_SHA;
const run = SAMPLE_RUN_ENV;
const pipeline = SAMPLE_PIPELINE_ENV;
const RUN_URL = 'https://github.com/acme/tenant-repo/actions/runs/777/attempts/2';
const warningLines = (log: string) => log.split('\n').filter((l) => l.startsWith('::warning'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Block = any;
const fieldTexts = (blocks: Block[]): string[] =>
  blocks
    .filter((b) => b.type === 'section' && b.fields)
    .flatMap((b) => b.fields.map((f: Block) => f.text));
const sectionText = (blocks: Block[]): string | undefined =>
  blocks.find((b) => b.type === 'section' && b.text)?.text.text;

let slack: SlackReceiver;
beforeAll(async () => {
  slack = await startSlackReceiver();
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

const viaWebhook = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  runAction('notify-slack', {
    inputs: { 'webhook-url': slack.webhookUrl, ...inputs },
    env: { ...SAMPLE_RUN_ENV, ...env },
  });

describe('notify-slack bundle: every notice says where it comes from', () => {
  it('carries repository, workflow, job, ref, commit, actor, event, tenant, environment, dataset and the run link', async () => {
    const result = await viaWebhook(
      { status: 'failure', text: 'Stage 2a exited with 1', fields: 'Stage=2a\nRows=1204' },
      pipeline,
    );
    expect(result.exitCode).toBe(0);
    expect(errorLines(result.log)).toEqual([]);
    expect(result.outputs).toEqual({ ok: 'true' });
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request.path).toMatch(/^\/services\//);
    expect(request.headers['content-type']).toBe('application/json');
    const { blocks, text } = request.body;

    expect(blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':red_circle: cat-be DEV · Data processing failed',
        emoji: true,
      },
    });
    expect(sectionText(blocks)).toBe('Stage 2a exited with 1');
    expect(fieldTexts(blocks)).toEqual([
      '*Stage*\n2a',
      '*Rows*\n1204',
      '*Tenant*\ncat-be',
      '*Environment*\nDEV',
      '*Dataset*\n20240101_120000_utc',
      '*Repository*\n<https://github.com/acme/tenant-repo|acme/tenant-repo>',
      '*Workflow*\nData processing',
      '*Job*\nstage-2a',
      '*Ref*\nmain',
      `*Commit*\n<https://github.com/acme/tenant-repo/commit/${SHA}|0123456>`,
      '*Actor*\noctocat',
      '*Event*\nworkflow_dispatch',
    ]);
    expect(blocks).toContainEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${RUN_URL}|Run 777, attempt 2>` }],
    });
    expect(blocks).toContainEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the run', emoji: true },
          url: RUN_URL,
          style: 'danger',
        },
      ],
    });
    expect(text).toBe(
      `:red_circle: cat-be DEV · Data processing failed: Stage 2a exited with 1 (acme/tenant-repo ${RUN_URL})`,
    );
    expect(result.summary).toContain("Slack notice (failure) delivered to the webhook's channel.");
  });

  it('leaves tenant, environment and dataset out when no earlier step exported them', async () => {
    const result = await viaWebhook({ status: 'success', title: 'Nightly sync done' });
    expect(result.exitCode).toBe(0);
    const { blocks } = slack.requests[0].body;
    expect(blocks[0].text.text).toBe(':large_green_circle: Nightly sync done');
    const keys = fieldTexts(blocks).map((f) => f.split('\n')[0]);
    expect(keys).toEqual([
      '*Repository*',
      '*Workflow*',
      '*Job*',
      '*Ref*',
      '*Commit*',
      '*Actor*',
      '*Event*',
    ]);
    expect(sectionText(blocks)).toBeUndefined();
  });

  it('takes the webhook URL from SLACK_WEBHOOK_URL when the input is empty', async () => {
    const result = await runAction('notify-slack', {
      inputs: { status: 'cancelled' },
      env: { ...run, SLACK_WEBHOOK_URL: slack.webhookUrl },
    });
    expect(result.exitCode).toBe(0);
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0].body.blocks[0].text.text).toBe(
      ':white_circle: Data processing was cancelled',
    );
  });
  it('warns that channel is ignored with a webhook, and still delivers', async () => {
    const result = await viaWebhook({ channel: '#elsewhere' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ ok: 'true' });
    expect(warningLines(result.log)).toEqual([
      '::warning::channel "#elsewhere" is ignored: a webhook posts to the channel it was created for. Give token (a bot token) to choose the channel.',
    ]);
    expect(slack.requests[0].body.channel).toBeUndefined();
  });
});

describe('notify-slack bundle: text cannot break the JSON or smuggle mrkdwn', () => {
  const commitMessage =
    'Fix "quoted" <b>tags</b> & `code`\nsecond line\twith tab \\ backslash <!channel> <https://evil.example|click>';

  it('sends valid JSON with &, < and > escaped in text, title fallback and fields', async () => {
    const result = await viaWebhook({
      status: 'failure',
      text: commitMessage,
      fields: 'Commit message=a < b & c > d\nQuote="x"',
    });
    expect(result.exitCode).toBe(0);
    const { rawBody, body } = slack.requests[0];
    expect(JSON.parse(rawBody)).toEqual(body);
    expect(sectionText(body.blocks)).toBe(
      'Fix "quoted" &lt;b&gt;tags&lt;/b&gt; &amp; `code`\nsecond line\twith tab \\ backslash ' +
        '&lt;!channel&gt; &lt;https://evil.example|click&gt;',
    );
    expect(fieldTexts(body.blocks).slice(0, 2)).toEqual([
      '*Commit message*\na &lt; b &amp; c &gt; d',
      // A value written as a JSON string is decoded (the way to pass a value with newlines).
      '*Quote*\nx',
    ]);
    expect(body.text).toContain('&lt;!channel&gt;');
    expect(body.text).not.toContain('<!channel>');
  });

  it('lets the mention through unescaped, before the text', async () => {
    const result = await viaWebhook({
      status: 'failure',
      text: 'Stage 3a failed',
      mention: '<!here>',
    });
    expect(result.exitCode).toBe(0);
    const { body } = slack.requests[0];
    expect(sectionText(body.blocks)).toBe('<!here> Stage 3a failed');
    expect(body.text.startsWith('<!here> :red_circle:')).toBe(true);
  });

  it('cuts an over-long text and title to what Slack accepts, with an ellipsis', async () => {
    const result = await viaWebhook({ title: 'T'.repeat(400), text: 'x&'.repeat(4000) });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.ok).toBe('true');
    const { blocks } = slack.requests[0].body;
    expect(blocks[0].text.text).toHaveLength(150);
    expect(blocks[0].text.text.endsWith('…')).toBe(true);
    expect(sectionText(blocks)!.length).toBeLessThanOrEqual(3000);
    expect(sectionText(blocks)!.endsWith('…')).toBe(true);
  });
});

describe('notify-slack bundle: token mode (chat.postMessage)', () => {
  const TOKEN = 'xoxb-1111-2222-notarealtokenvalue';
  const viaToken = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
    runAction('notify-slack', {
      inputs: { token: TOKEN, channel: '#data-alerts', ...inputs },
      env: { ...run, SLACK_API_URL: slack.apiUrl, ...env },
    });

  it('posts to the channel with the bearer token and outputs ts', async () => {
    const result = await viaToken({ status: 'success', text: 'Upload done' }, pipeline);
    expect(result.exitCode).toBe(0);
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request.path).toBe('/api/chat.postMessage');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.body.channel).toBe('#data-alerts');
    expect(sectionText(request.body.blocks)).toBe('Upload done');
    expect(result.outputs.ok).toBe('true');
    expect(result.outputs.ts).toMatch(/^\d+\.\d{6}$/);
    expect(result.summary).toContain('delivered to channel #data-alerts');
    expect(RECEIVER_CHANNEL_ID).toBe('C0CATALERT');
  });

  it('takes the API URL from the api-url input too', async () => {
    const result = await viaToken({ 'api-url': slack.apiUrl }, { SLACK_API_URL: '' });
    expect(result.exitCode).toBe(0);
    expect(slack.requests).toHaveLength(1);
  });

  it("treats {ok:false} as a refusal after ONE request, with Slack's error", async () => {
    slack.answerNext(1, { status: 200, body: { ok: false, error: 'not_in_channel' } });
    const result = await viaToken();
    expect(result.exitCode).toBe(0);
    expect(slack.requests).toHaveLength(1);
    expect(result.outputs).toEqual({ ok: 'false' });
    expect(warningLines(result.log)[0]).toMatch(/not_in_channel: invite the app to the channel/);
  });

  it('retries {ok:false, error:"internal_error"} as transient', async () => {
    slack.answerNext(1, { status: 200, body: { ok: false, error: 'internal_error' } });
    const result = await viaToken();
    expect(result.exitCode).toBe(0);
    expect(slack.requests).toHaveLength(2);
    expect(result.outputs.ok).toBe('true');
  });
});

describe('notify-slack bundle: the webhook URL and token never show', () => {
  it('masks the webhook URL (and its path) in log, outputs and summary, even with debug logging', async () => {
    slack.answerNext(1, { status: 500 });
    const result = await viaWebhook({ 'fail-on-error': 'false' }, { RUNNER_DEBUG: '1' });
    expect(result.exitCode).toBe(0);
    const secretPath = new URL(slack.webhookUrl).pathname;
    for (const text of [result.log, result.summary, JSON.stringify(result.outputs)]) {
      expect(text).not.toContain(slack.webhookUrl);
      expect(text).not.toContain(secretPath);
    }
    expect(result.log).toContain('::add-mask::***');
    // The mask comes before any other line: nothing could have printed the URL earlier.
    expect(result.rawLog.split('\n')[0]).toBe(`::add-mask::${slack.webhookUrl}`);
  });

  it('masks the token, even when Slack refuses it', async () => {
    const token = 'xoxb-9999-secret-token-value';
    slack.answerNext(1, { status: 200, body: { ok: false, error: 'invalid_auth' } });
    const result = await runAction('notify-slack', {
      inputs: { token, channel: 'C0123456789', 'fail-on-error': 'true' },
      env: { ...run, SLACK_API_URL: slack.apiUrl, RUNNER_DEBUG: '1' },
    });
    expect(result.exitCode).toBe(1);
    expect(slack.requests[0].headers.authorization).toBe(`Bearer ${token}`);
    for (const text of [result.log, result.summary, JSON.stringify(result.outputs)]) {
      expect(text).not.toContain(token);
    }
    expect(result.rawLog.split('\n')[0]).toBe(`::add-mask::${token}`);
    expect(errorLines(result.log)[0]).toMatch(/invalid_auth: the token is not valid/);
  });

  it('does not echo a webhook URL that is not https', async () => {
    const bad = 'http://hooks.example.com/services/T1/B1/leakme';
    const result = await runAction('notify-slack', { inputs: { 'webhook-url': bad }, env: run });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result.log)).toEqual([
      `::error::Input 'webhook-url': expected an https URL, e.g. "https://hooks.slack.com/services/T000/B000/XXXX".`,
    ]);
    expect(result.rawLog).not.toMatch(/^(?!::add-mask::).*leakme/m);
  });
});
