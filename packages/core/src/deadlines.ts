/**
 * Every network call ends: a connection must open within `connectMs`, an answer must start within
 * `requestMs` (a stuck proxy or a black-holed route otherwise holds a job until its own timeout),
 * a connection may not stay silent longer than `idleMs` while a body flows, and all attempts of
 * one call (with the waits between them) fit in `budgetMs`. A timed-out attempt is a transient
 * fault: retried, then reported naming the endpoint.
 *
 * Defaults: connect 5 s, answer 20 s, silence 30 s, 60 s of retries. Against an endpoint that never
 * answers, a call therefore fails after at most budget + one more answer deadline, 80 s, well
 * inside the two minutes a step may spend on it. Two environment variables shorten or lengthen
 * them (tests use them to fail in seconds): CAT_REQUEST_TIMEOUT_SECONDS (1 to 120) and
 * CAT_RETRY_BUDGET_SECONDS (1 to 600).
 */
import { InputError } from './errors';

export interface NetworkDeadlines {
  connectMs: number;
  requestMs: number;
  idleMs: number;
  budgetMs: number;
}

export const DEFAULT_DEADLINES: NetworkDeadlines = {
  connectMs: 5_000,
  requestMs: 20_000,
  idleMs: 30_000,
  budgetMs: 60_000,
};

export const REQUEST_TIMEOUT_VARIABLE = 'CAT_REQUEST_TIMEOUT_SECONDS';
export const RETRY_BUDGET_VARIABLE = 'CAT_RETRY_BUDGET_SECONDS';

/** A whole number within [min, max] from `raw`, or `fallback` when empty; else an InputError. */
export function parseWholeNumber(
  raw: string | undefined,
  input: string,
  range: {
    min: number;
    max: number;
    fallback?: number;
    example?: number;
    unit?: string;
    note?: string;
    /** The whole "expected" wording, when the input's own words say it better. */
    expected?: string;
  },
): number {
  const text = (raw ?? '').trim();
  if (text === '' && range.fallback !== undefined) return range.fallback;
  const value = Number(text);
  if (
    !/^\d+$/.test(text) ||
    !Number.isSafeInteger(value) ||
    value < range.min ||
    value > range.max
  ) {
    const unit = range.unit ? ` ${range.unit}` : '';
    throw new InputError({
      input,
      received: raw,
      expected:
        range.expected ??
        `a whole number${unit} from ${range.min} to ${range.max}${range.note ?? ''}`,
      example: String(range.example ?? range.fallback ?? range.min),
    });
  }
  return value;
}

/** The deadlines for this step: the defaults, changed by the two variables above when set. */
export function networkDeadlines(env: NodeJS.ProcessEnv = process.env): NetworkDeadlines {
  const requestSeconds = parseWholeNumber(env[REQUEST_TIMEOUT_VARIABLE], REQUEST_TIMEOUT_VARIABLE, {
    min: 1,
    max: 120,
    fallback: DEFAULT_DEADLINES.requestMs / 1000,
    unit: 'of seconds',
  });
  const budgetSeconds = parseWholeNumber(env[RETRY_BUDGET_VARIABLE], RETRY_BUDGET_VARIABLE, {
    min: 1,
    max: 600,
    fallback: DEFAULT_DEADLINES.budgetMs / 1000,
    unit: 'of seconds',
  });
  const requestMs = requestSeconds * 1000;
  return {
    connectMs: Math.min(DEFAULT_DEADLINES.connectMs, requestMs),
    requestMs,
    idleMs: Math.max(requestMs, Math.min(DEFAULT_DEADLINES.idleMs, requestMs * 2)),
    budgetMs: budgetSeconds * 1000,
  };
}

/** Slowest sustained rate a transfer may have before it counts as stuck: 256 KiB/s. */
const SLOWEST_BYTES_PER_MS = (256 * 1024) / 1000;

/**
 * A request that sends `bytes` (an upload: the answer only starts once the body is sent) gets the
 * answer deadline plus the time the body takes at the slowest acceptable rate, so a 100 MiB
 * upload on a slow link is not cut off, while a stuck one still ends.
 */
export function deadlineForBody(deadlines: NetworkDeadlines, bytes: number): number {
  return deadlines.requestMs + Math.ceil(Math.max(0, bytes) / SLOWEST_BYTES_PER_MS);
}
