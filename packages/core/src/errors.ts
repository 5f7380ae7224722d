/**
 * One error class per kind of failure a user can act on. Actions turn any of them into a single
 * `::error::` line; the message alone must tell the user what was wrong and what to do. Anything
 * else that reaches an action's entry is a bug in this project ("Unexpected failure").
 *
 *   input      a bad input or variable: fix the value          (never retried)
 *   not-found  a project folder, bucket, dataset, secret        (never retried)
 *   denied     AWS refused, or no credentials: fix the role     (never retried)
 *   transient  5xx, throttling, resets: retried, then this      (re-run later)
 *   timeout    no answer within the deadline: retried, then this (check the endpoint)
 *   service    the service refused the request for another reason, in its own words
 */
export abstract class CatError extends Error {
  abstract readonly kind: 'input' | 'not-found' | 'denied' | 'transient' | 'timeout' | 'service';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface InputProblem {
  /** The action input (or environment variable) that was wrong, e.g. `project`. */
  input: string;
  /** What was received; omit for values that must not be echoed. */
  received?: string;
  /** What a valid value looks like, in words. */
  expected: string;
  /** A valid value, e.g. `DEV:CAT-BE-DEV`. */
  example?: string;
}

/** A value echoed in an error is cut: a 100 KB input must not become a 100 KB annotation. */
const MAX_ECHOED = 120;

function echo(received: string): string {
  if (received.length <= MAX_ECHOED) return JSON.stringify(received);
  return `${JSON.stringify(received.slice(0, MAX_ECHOED))}… (${received.length} characters)`;
}

/** A bad input: names the input, what was expected and an example. Never retried. */
export class InputError extends CatError {
  readonly kind = 'input' as const;
  readonly input: string;
  constructor(problem: InputProblem, options?: { cause?: unknown }) {
    const got = problem.received === undefined ? '' : ` is ${echo(problem.received)}`;
    const example = problem.example ? `, e.g. ${JSON.stringify(problem.example)}` : '';
    super(`Input '${problem.input}'${got}: expected ${problem.expected}${example}.`, options);
    this.input = problem.input;
  }
}

/**
 * How every rule of this package checks an input: the value trimmed and tested; a failure is an
 * InputError that echoes what was given, or nothing for an empty value (then "expected ..." alone
 * reads as "missing").
 */
export function checkedInput(
  value: string,
  isValid: (trimmed: string) => boolean,
  problem: Omit<InputProblem, 'received'>,
): string {
  const trimmed = value.trim();
  if (isValid(trimmed)) return trimmed;
  throw new InputError({ ...problem, received: trimmed === '' ? undefined : value });
}

/** Something that should exist does not (a project folder, a bucket, a dataset). Never retried. */
export class NotFoundError extends CatError {
  readonly kind = 'not-found' as const;
}

/**
 * No dataset passes the completeness rule. The finding (what was looked for and why each
 * candidate failed) and the remedy are kept apart: latest-dataset advises lowering its `require`
 * input, run-stage advises downloading fewer parts, and neither parses the other's words.
 */
export class NoQualifyingDatasetError extends NotFoundError {
  readonly finding: string;
  constructor(finding: string, remedy: string, options?: { cause?: unknown }) {
    super(`${finding}. ${remedy}`, options);
    this.finding = finding;
  }
}

/** AWS refused (AccessDenied, invalid token, trust policy), or no credentials. Never retried. */
export class AwsDeniedError extends CatError {
  readonly kind = 'denied' as const;
}

/** A fault that may pass (5xx, throttling, refused connection): retried with bounds. */
export class TransientError extends CatError {
  readonly kind = 'transient' as const;
}

/** An endpoint that did not answer within its deadline, every attempt: names the endpoint. */
export class TimeoutError extends CatError {
  readonly kind = 'timeout' as const;
}

/** The service refused the request for a reason none of the above covers; says its own words. */
export class ServiceError extends CatError {
  readonly kind = 'service' as const;
}

export function isCatError(error: unknown): error is CatError {
  return error instanceof CatError;
}
