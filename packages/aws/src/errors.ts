/**
 * Turns an SDK error into the packages/core error a tenant can act on: denied (fix the role or
 * policy), not found (fix the name), bad input (fix the value), transient (re-run later).
 */
import {
  AwsDeniedError,
  InputError,
  NotFoundError,
  ServiceError,
  TimeoutError,
  TransientError,
  isCatError,
  type CatError,
} from '@cat-actions/core';
import { awsErrorCode, isTransientAwsError } from './retry';

export type AwsService = 's3' | 'sts' | 'secretsmanager';

const ENDPOINT_VARIABLES: Record<AwsService, string> = {
  s3: 'AWS_ENDPOINT_URL_S3',
  sts: 'AWS_ENDPOINT_URL_STS',
  secretsmanager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
};

/**
 * The endpoint a service's requests go to, as the SDK chooses it: the service's own
 * AWS_ENDPOINT_URL_* variable, then AWS_ENDPOINT_URL, then AWS's regional endpoint. Named in
 * timeout messages: "which host did not answer" is the first thing to check.
 */
export function endpointOf(
  service: AwsService,
  region: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const configured = env[ENDPOINT_VARIABLES[service]]?.trim() || env.AWS_ENDPOINT_URL?.trim();
  if (configured) return configured;
  return `https://${service}.${region}.amazonaws.com`;
}

export interface AwsErrorContext {
  /** What was being done, for the message: `AssumeRole of arn:aws:iam::...:role/x`. */
  operation: string;
  /** What to check when AWS refuses; default: the IAM policy of the credentials in use. */
  deniedHint?: string;
  /** What to check when something is missing. */
  notFoundHint?: string;
  /** The action input a ValidationError points at (default: the operation's parameters). */
  input?: string;
  /** Where the request went, for timeouts: see endpointOf. */
  endpoint?: string;
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
/** The SDK found no credentials at all (no variables, profile, web identity, container, IMDS). */
const NO_CREDENTIALS = 'CredentialsProviderError';
const TIMEOUT_CODES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ETIMEDOUT',
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
  'InvalidBucketName',
  'KeyTooLongError',
]);

/** The service's own words, without the SDK's "UnknownError" filler. */
function awsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message && message !== 'UnknownError' ? message : 'no message';
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function timedOut(error: unknown, code: string): boolean {
  if (TIMEOUT_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /requestTimeout|socket timed out|timed out after/i.test(message);
}

/** An error the SDK built from a service's answer (it carries the answer's metadata). */
function isServiceAnswer(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { $metadata?: unknown; $fault?: unknown; $response?: unknown };
  return e.$metadata !== undefined || e.$fault !== undefined || e.$response !== undefined;
}

/**
 * Every AWS failure a user can act on, as the packages/core error for it. Only a fault in this
 * project's own code is left for the action's "Unexpected failure".
 */
export function toCatError(error: unknown, context: AwsErrorContext): CatError | Error {
  if (isCatError(error)) return error;
  const code = awsErrorCode(error);
  if (code === NO_CREDENTIALS || (error as { name?: string })?.name === NO_CREDENTIALS) {
    return new AwsDeniedError(
      `No AWS credentials were found for ${context.operation}: the step has no AWS_ACCESS_KEY_ID, ` +
        'profile, web identity token or instance role. Run the assume-role action (org/cat-actions/' +
        "assume-role@v1) earlier in the same job: it exports the role's credentials to later steps.",
      { cause: error },
    );
  }
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
  if (timedOut(error, code)) {
    const where = context.endpoint ? ` from ${context.endpoint}` : '';
    return new TimeoutError(
      `${context.operation} got no answer${where} within the deadline, on every attempt ` +
        `(${said.replace(/\.$/, '')}). Check that the endpoint is reachable from the runner (a proxy, ` +
        'firewall or AWS_ENDPOINT_URL_* setting), or re-run the job later.',
      options,
    );
  }
  if (isTransientAwsError(error)) {
    return new TransientError(
      `${context.operation} kept failing with a temporary error (${said.replace(/\.$/, '')}). ` +
        'AWS or the network may be degraded: re-run the job in a few minutes.',
      options,
    );
  }
  if (isServiceAnswer(error)) {
    return new ServiceError(`${context.operation} failed: ${said}`, options);
  }
  // Not an answer from AWS nor a network fault: a bug here, left for "Unexpected failure".
  return error instanceof Error ? error : new Error(String(error));
}

/** The region a client sends to, for messages (its config holds a provider or a string). */
export async function regionOf(client: { config?: { region?: unknown } }): Promise<string> {
  try {
    const region = client.config?.region;
    const value = typeof region === 'function' ? await region() : region;
    return typeof value === 'string' && value ? value : 'us-east-1';
  } catch {
    return 'us-east-1';
  }
}
