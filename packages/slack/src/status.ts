import { InputError } from '@cat-actions/core';

/**
 * How a notice looks for each outcome. `status` is usually `${{ job.status }}` (success, failure,
 * cancelled); the others suit notices sent mid-run. Slack's Block Kit has no colour of its own,
 * so the emoji in the header carries it.
 */
export interface StatusLook {
  status: string;
  emoji: string;
  /** Completes "<workflow> …", e.g. "failed". */
  wording: string;
}

const LOOKS: Record<string, Omit<StatusLook, 'status'>> = {
  success: { emoji: ':large_green_circle:', wording: 'succeeded' },
  failure: { emoji: ':red_circle:', wording: 'failed' },
  cancelled: { emoji: ':white_circle:', wording: 'was cancelled' },
  skipped: { emoji: ':white_circle:', wording: 'was skipped' },
  started: { emoji: ':large_blue_circle:', wording: 'started' },
  warning: { emoji: ':large_yellow_circle:', wording: 'needs attention' },
  info: { emoji: ':large_blue_circle:', wording: 'reports' },
};

/** Spellings people and GitHub use for the same outcome. */
const ALIASES: Record<string, string> = {
  succeeded: 'success',
  ok: 'success',
  failed: 'failure',
  error: 'failure',
  canceled: 'cancelled',
  running: 'started',
  in_progress: 'started',
};

export const KNOWN_STATUSES = Object.keys(LOOKS);

export function statusLook(raw: string): StatusLook {
  const given = raw.trim().toLowerCase() || 'info';
  const status = ALIASES[given] ?? given;
  const look = LOOKS[status];
  if (!look) {
    throw new InputError({
      input: 'status',
      received: raw,
      expected: `one of ${KNOWN_STATUSES.join(', ')} (usually \${{ job.status }})`,
      example: 'failure',
    });
  }
  return { status, ...look };
}
