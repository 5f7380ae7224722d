import { CatError } from '@cat-actions/core';

/**
 * A tool could not be installed (index or URL unreachable, package missing, broken archive).
 * Permanent for this run: the message says what failed and how to get the tool another way.
 */
export class ToolInstallError extends CatError {
  readonly kind = 'not-found' as const;
}
