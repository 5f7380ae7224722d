/**
 * One error class per kind of failure a user can act on. Actions turn any of them into a single
 * `::error::` line; the message alone must tell the user what was wrong and what to do.
 */
export abstract class CatError extends Error {
  abstract readonly kind: 'input' | 'not-found' | 'denied' | 'transient';
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

/** A bad input: names the input, what was expected and an example. Never retried. */
export class InputError extends CatError {
  readonly kind = 'input' as const;
  readonly input: string;
  constructor(problem: InputProblem) {
    const got = problem.received === undefined ? '' : ` is ${JSON.stringify(problem.received)}`;
    const example = problem.example ? `, e.g. ${JSON.stringify(problem.example)}` : '';
    super(`Input '${problem.input}'${got}: expected ${problem.expected}${example}.`);
    this.input = problem.input;
  }
}

/** Something that should exist does not (a project folder, a bucket, a dataset). Never retried. */
export class NotFoundError extends CatError {
  readonly kind = 'not-found' as const;
}

/** AWS refused (AccessDenied, invalid token, trust policy). Never retried. */
export class AwsDeniedError extends CatError {
  readonly kind = 'denied' as const;
}

/** A fault that may pass (5xx, throttling, refused connection): retried with bounds. */
export class TransientError extends CatError {
  readonly kind = 'transient' as const;
}

export function isCatError(error: unknown): error is CatError {
  return error instanceof CatError;
}
