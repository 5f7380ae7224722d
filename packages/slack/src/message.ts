/**
 * Builds a notice as Block Kit objects (serialised later with JSON.stringify, never pasted into a
 * JSON string), so quotes, newlines and backslashes in commit messages or inputs cannot break it.
 * User text is escaped for mrkdwn; only the validated `mention` goes through raw.
 */
import { singleLine } from '@cat-actions/core';
import { mrkdwn, plainText } from './blocks';
import type { Mrkdwn, SlackBlock, SlackMessage } from './blocks';
import type { MessageField } from './fields';
import { SLACK_LIMITS, escapeMrkdwn, mrkdwnLink, truncate } from './mrkdwn';
import type { RunContext } from './run-context';
import type { StatusLook } from './status';

export interface NoticeContent {
  look: StatusLook;
  /** The header; default: tenant, environment, workflow and the status wording. */
  title?: string;
  text?: string;
  fields?: MessageField[];
  /** Already normalised by `normalizeMention`. */
  mention?: string;
}

/** More fields than this makes an unreadable alert; the rest are counted, not shown. */
export const MAX_USER_FIELDS = 40;

export function buildMessage(content: NoticeContent, context: RunContext): SlackMessage {
  // A header is one line: a newline in a title the workflow built from inputs shows as a space.
  const title = singleLine(content.title ?? '').trim() || defaultTitle(content.look, context);
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: plainText(truncate(`${content.look.emoji} ${title}`, SLACK_LIMITS.headerText)),
    },
  ];
  const body = bodyText(content);
  if (body) blocks.push({ type: 'section', text: mrkdwn(body) });
  blocks.push(...fieldSections(userFields(content.fields ?? [])));
  blocks.push(...fieldSections(contextFields(context, content.fields ?? [])));
  const runLine = runContextLine(context);
  if (runLine) blocks.push({ type: 'context', elements: [mrkdwn(runLine)] });
  if (context.runUrl) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: plainText('Open the run'),
          url: context.runUrl,
          ...(content.look.status === 'failure' ? { style: 'danger' as const } : {}),
        },
      ],
    });
  }
  return {
    text: fallbackText(content, title, context),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
    unfurl_links: false,
    unfurl_media: false,
  };
}

export function defaultTitle(look: StatusLook, context: RunContext): string {
  const where = [context.tenant, context.environment].filter(Boolean).join(' ');
  const what = `${context.workflow ?? 'Workflow'} ${look.wording}`;
  return where ? `${where} · ${what}` : what;
}

/** The mention comes first so that a long text, cut to Slack's limit, never cuts it. */
function bodyText(content: NoticeContent): string {
  const text = content.text?.trim() ? escapeMrkdwn(content.text.trim()) : '';
  const mention = content.mention ?? '';
  const body = [mention, text].filter(Boolean).join(' ');
  return truncate(body, SLACK_LIMITS.sectionText);
}

function fieldText(key: string, value: string): Mrkdwn {
  return mrkdwn(truncate(`*${key}*\n${value || '—'}`, SLACK_LIMITS.fieldText));
}

function userFields(fields: MessageField[]): Mrkdwn[] {
  const shown =
    fields.length > MAX_USER_FIELDS
      ? [
          ...fields.slice(0, MAX_USER_FIELDS - 1),
          { key: '…', value: `${fields.length - MAX_USER_FIELDS + 1} more fields not shown` },
        ]
      : fields;
  return shown.map(({ key, value }) => fieldText(escapeMrkdwn(key), escapeMrkdwn(value)));
}

/** Slack takes at most 10 fields per section: more go into further sections. */
function fieldSections(fields: Mrkdwn[]): SlackBlock[] {
  const sections: SlackBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) {
    sections.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fieldsPerSection) });
  }
  return sections;
}

/**
 * Tenant, environment and dataset first: in a data pipeline they say what is affected. A field the
 * caller gave under the same name (e.g. `Dataset=…`) replaces the one from the environment.
 */
function contextFields(context: RunContext, given: MessageField[]): Mrkdwn[] {
  const givenKeys = new Set(given.map((field) => field.key.toLowerCase()));
  const link = (url: string | undefined, label: string) =>
    url ? mrkdwnLink(url, label) : escapeMrkdwn(label);
  const entries: [string, string | undefined][] = [
    ['Tenant', context.tenant && escapeMrkdwn(context.tenant)],
    ['Environment', context.environment && escapeMrkdwn(context.environment)],
    ['Dataset', context.dataset && escapeMrkdwn(context.dataset)],
    ['Repository', context.repository && link(context.repositoryUrl, context.repository)],
    ['Workflow', context.workflow && escapeMrkdwn(context.workflow)],
    ['Job', context.job && escapeMrkdwn(context.job)],
    ['Ref', context.ref && escapeMrkdwn(context.ref)],
    ['Commit', context.shortSha && link(context.commitUrl, context.shortSha)],
    ['Actor', context.actor && escapeMrkdwn(context.actor)],
    ['Event', context.event && escapeMrkdwn(context.event)],
  ];
  return entries
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .filter(([key]) => !givenKeys.has(key.toLowerCase()))
    .map(([key, value]) => fieldText(key, value));
}

function runContextLine(context: RunContext): string | undefined {
  if (!context.runId) return undefined;
  const label = `Run ${context.runId}, attempt ${context.runAttempt}`;
  return context.runUrl ? mrkdwnLink(context.runUrl, label) : escapeMrkdwn(label);
}

/**
 * What notifications and block-less clients show: the gist in one line. The text is what gets cut
 * when it is long, so the mention, the title and the run link always survive.
 */
function fallbackText(content: NoticeContent, title: string, context: RunContext): string {
  const head = [content.mention, `${content.look.emoji} ${escapeMrkdwn(title)}`]
    .filter(Boolean)
    .join(' ');
  const where = [context.repository, context.runUrl].filter((v): v is string => Boolean(v));
  const tail = where.length ? ` (${escapeMrkdwn(where.join(' '))})` : '';
  const text = escapeMrkdwn(content.text?.trim().replace(/\s+/g, ' ') ?? '');
  const room = SLACK_LIMITS.fallbackText - head.length - tail.length - 2;
  return truncate(
    `${head}${text ? `: ${truncate(text, Math.max(room, 1))}` : ''}${tail}`,
    SLACK_LIMITS.fallbackText,
  );
}
