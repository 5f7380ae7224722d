/**
 * Turns an SDK error into the packages/core error a tenant can act on: denied (fix the role or
 * policy), not found (fix the name), bad input (fix the value), transient (re-run later).
 */
import {
  AwsDeniedError,
  InputError,
  NotFoundError,
  TransientError,
  isCatError,
  type CatError,
} from '@cat-actions/core';
import { awsErrorCode, isTransientAwsError } from './retry';

export interface AwsErrorContext {
  /** What was being done, for the message: `AssumeRole of arn:aws:iam::...:role/x`. */
  operation: string;
  /** What to check when AWS refuses; default: the IAM policy of the credentials in use. */
  deniedHint?: string;
  /** What to check when something is missing. */
  notFoundHint?: string;
  /** The action input a ValidationError points at (default: the operation's parameters). */
  input?: string;
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Forbidden',
  'InvalidIdentityToken',
  'IDPRejectedClaim',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'AllAccessDisabled',
  'RegionDisabledException',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException']);
const NOT_FOUND = new Set([
  'NoSuchBucket',
  'NoSuchKey',
  'NotFound',
  'ResourceNotFoundException',
  'NoSuchEntity',
]);
const VALIDATION = new Set([
  'ValidationError',
  'ValidationException',
  'InvalidParameterException',
  'InvalidRequestException',
  'InvalidParameterValue',
  'MalformedPolicyDocument',
  'PackedPolicyTooLarge',
]);

/** The service's own words, without the SDK's "UnknownError" filler. */
function awsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message && message !== 'UnknownError' ? message : 'no message';
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

export function toCatError(error: unknown, context: AwsErrorContext): CatError | Error {
  if (isCatError(error)) return error;
  const code = awsErrorCode(error);
  const said = `${code || 'Error'}: ${sentence(awsMessage(error))}`;
  const options = { cause: error };
  if (DENIED.has(code)) {
    const hint = EXPIRED.has(code)
      ? 'The credentials have expired: assume the role again in this job, or ask for a longer duration.'
      : (context.deniedHint ??
        'Check the IAM policy of the credentials in use (and any bucket or resource policy).');
    return new AwsDeniedError(`AWS denied ${context.operation}: ${said} ${hint}`, options);
  }
  if (NOT_FOUND.has(code)) {
    const hint = context.notFoundHint ? ` ${context.notFoundHint}` : '';
    return new NotFoundError(`${context.operation} failed: ${said}${hint}`, options);
  }
  if (VALIDATION.has(code)) {
    return new InputError({
      input: context.input ?? context.operation,
      expected: `a value AWS accepts (AWS said ${said.replace(/\.$/, '')})`,
    });
  }
  if (isTransientAwsError(error)) {
    return new TransientError(
      `${context.operation} kept failing with a temporary error (${said.replace(/\.$/, '')}). ` +
        'AWS or the network may be degraded: re-run the job in a few minutes.',
      options,
    );
  }
  return new Error(`${context.operation} failed: ${said}`, options);
}
