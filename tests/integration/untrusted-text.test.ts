/**
 * Summary and Slack text escape what the project did not write (issue 13 #7): a workflow input
 * with a newline cannot add a spoofed field to a Slack alert, variables an earlier step exported
 * stay one line, and a service's answer quoted in a step summary cannot add HTML or links.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { runAction } from '../support/action-runner';
import { SAMPLE_RUN_ENV, startSlackReceiver } from '../support/slack-receiver';
import type { SlackReceiver } from '../support/slack-receiver';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Block = any;
const fieldTexts = (blocks: Block[]): string[] =>
  blocks
    .filter((b) => b.type === 'section' && b.fields)
    .flatMap((b) => b.fields.map((f: Block) => f.text));

let slack: SlackReceiver;
beforeAll(async () => {
  slack = await startSlackReceiver();
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

const notify = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction('notify-slack', {
    inputs: { 'webhook-url': slack.webhookUrl, status: 'failure', ...inputs },
    env: { ...SAMPLE_RUN_ENV, TENANT_NAME: '', ENVIRONMENT: '', DATASET_NAME: '', ...env },
  });

/** A `project` dispatch input as an attacker would type it. */
const SPOOF = 'CAT-BE-DEV\nRun=https://evil.example/login';

describe('a value with a newline cannot add a field to the Slack alert', () => {
  it('a JSON-string value (toJSON in the workflow) stays inside its own field', async () => {
    const result = await notify({
      title: `Stage 1a failed for DEV:${SPOOF}`,
      fields: [`Tenant=${JSON.stringify(SPOOF)}`, 'Environment=DEV'].join('\n'),
    });
    expect(result.exitCode).toBe(0);
    const { blocks } = slack.requests[0].body;
    const fields = fieldTexts(blocks);
    expect(fields.slice(0, 2)).toEqual([
      '*Tenant*\nCAT-BE-DEV\nRun=https://evil.example/login',
      '*Environment*\nDEV',
    ]);
    expect(fields.some((f) => f.startsWith('*Run*'))).toBe(false);
    // The header is one line.
    expect(blocks[0].text.text).toBe(
      ':red_circle: Stage 1a failed for DEV:CAT-BE-DEV Run=https://evil.example/login',
    );
  });

  it('variables an earlier step exported are one line each', async () => {
    const result = await notify({}, { TENANT_NAME: 'cat-be\n*Run*\nhttps://evil.example' });
    expect(result.exitCode).toBe(0);
    const fields = fieldTexts(slack.requests[0].body.blocks);
    expect(fields).toContain('*Tenant*\ncat-be *Run* https://evil.example');
    expect(fields.some((f) => f.startsWith('*Run*'))).toBe(false);
  });

  it('control characters in a field value never reach Slack', async () => {
    const result = await notify({ fields: 'Note="a\\u0007b\\u001bc"' });
    expect(result.exitCode).toBe(0);
    expect(fieldTexts(slack.requests[0].body.blocks)[0]).toBe('*Note*\na b c');
  });
});

describe('a step summary quotes a service in escaped form', () => {
  it('Slack refusing with HTML and a Markdown link is shown as text', async () => {
    slack.answerNext(1, {
      status: 404,
      body: '<img src=x onerror=alert(1)> [click](https://evil.example)',
    });
    const result = await notify({});
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain('NOT delivered');
    expect(result.summary).not.toContain('<img');
    expect(result.summary).not.toContain('[click]');
    expect(result.summary).toContain('&lt;img src=x onerror=alert(1)&gt; \\[click\\]');
  });
});
