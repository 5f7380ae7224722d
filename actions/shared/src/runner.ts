/**
 * The entry layer's one way to read inputs and report failure, shared by every action so that
 * every action fails the same way: one `::error::` saying what was wrong and what to do.
 */
import * as core from './toolkit';
import { InputError, isCatError } from '@cat-actions/core';

/** How readInput finds a value (distinct from the toolkit's getInput InputOptions). */
export interface ReadInputOptions {
  /** Environment variable used when the input is empty, e.g. `BUCKET_PREFIX`. */
  env?: string;
  /** Value used when both input and variable are empty. */
  fallback?: string;
  required?: boolean;
  /** What the input expects, for the error when it is required and missing. */
  expected?: string;
}

export function readInput(name: string, options: ReadInputOptions = {}): string {
  const fromInput = core.getInput(name);
  const value =
    fromInput ||
    (options.env ? (process.env[options.env] ?? '').trim() : '') ||
    options.fallback ||
    '';
  if (options.required && value === '') {
    const source = options.env ? ` (or the ${options.env} variable)` : '';
    throw new InputError({ input: name, expected: `${options.expected ?? 'a value'}${source}` });
  }
  return value;
}

const TRUE = ['true', 'yes', '1', 'on'];
const FALSE = ['false', 'no', '0', 'off'];

/** An input taken exactly as given (no trimming): multi-line text whose layout matters. */
export function readRawInput(name: string): string {
  return core.getInput(name, { trimWhitespace: false });
}

export function readBooleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).toLowerCase();
  if (raw === '') return fallback;
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new InputError({
    input: name,
    received: raw,
    expected: 'true or false',
    example: String(fallback),
  });
}

/** Runs an action's main; any failure becomes one `::error::` and exit code 1. */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (isCatError(error)) {
      core.setFailed(error.message);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof Error && error.stack) core.debug(error.stack);
      core.setFailed(
        `Unexpected failure: ${message}. Re-run with step debug logging (ACTIONS_STEP_DEBUG) for details.`,
      );
    }
  }
}

/** Writes outputs (and, when asked, exported variables) only once everything has been computed. */
export function publish(
  outputs: Record<string, string>,
  exported: Record<string, string> | undefined,
): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  if (exported)
    for (const [name, value] of Object.entries(exported)) core.exportVariable(name, value);
}

/** The run this step belongs to, as the runner describes it in its environment. */
export function runContext() {
  return {
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    runId: process.env.GITHUB_RUN_ID,
    runAttempt: process.env.GITHUB_RUN_ATTEMPT,
    repository: process.env.GITHUB_REPOSITORY,
    sha: process.env.GITHUB_SHA,
    ref: process.env.GITHUB_REF,
  };
}
