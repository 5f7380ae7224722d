/** Assertions the AWS actions' integration tests share. */
import { expect } from '@jest/globals';
import type { LocalRunResult } from '../../packages/cli/src/local-runner';
import { errorLines } from './action-runner';

/** A failed step: exactly one `::error::` matching `message`, no output, nothing exported. */
export function expectOneErrorNothingWritten(result: LocalRunResult, message: RegExp): void {
  expect(result.exitCode).toBe(1);
  const errors = errorLines(result.log);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(result.outputs).toEqual({});
  expect(result.exportedEnv).toEqual({});
}
