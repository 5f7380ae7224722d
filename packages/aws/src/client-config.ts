/**
 * Settings shared by the SDK clients. Each client is created by its own module (s3-client.ts, ...)
 * and loads its SDK package on first use, so an action that fails on its inputs never loads the
 * SDK, and a bundle carries only the clients it uses. Endpoints come from the SDK's own settings
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3 / _STS / _SECRETS_MANAGER), so the same code talks to AWS
 * and to the local test endpoints.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { networkDeadlines } from '@cat-actions/core';

export const DEFAULT_REGION = 'us-east-1';

export interface ClientOptions {
  region?: string;
  /** Explicit credentials (e.g. from AssumeRole); default: the SDK's provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Attempts the SDK makes itself (default 3). Callers that wrap calls in `withRetry` pass 1, so
   * that one policy decides and every retry is logged.
   */
  maxAttempts?: number;
  /** Milliseconds to wait for a TCP connection (default 5 s): an unreachable endpoint fails fast. */
  connectTimeoutMs?: number;
  /** Milliseconds until the answer starts (default: the step's deadline, 20 s). */
  requestTimeoutMs?: number;
}

/** The region from the environment as the CLI reads it, else us-east-1. */
export function regionFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return (env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION).trim();
}

/**
 * Virtual-host style (`bucket.host`) cannot work for an IP or localhost endpoint, and S3-compatible
 * servers (s3rver, MinIO) expect path style there. AWS itself keeps the SDK default.
 */
export function needsPathStyle(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');
  } catch {
    return false;
  }
}

/** The settings every client shares: region, credentials, bounded attempts and timeouts. */
export function commonConfig(options: ClientOptions) {
  // The step's deadlines (packages/core deadlines.ts) unless the caller chose its own.
  const deadlines = networkDeadlines();
  const { credentials, maxAttempts = 3, connectTimeoutMs = deadlines.connectMs } = options;
  const requestTimeoutMs = options.requestTimeoutMs ?? deadlines.requestMs;
  return {
    region: options.region || regionFromEnv(),
    maxAttempts,
    ...(credentials ? { credentials } : {}),
    requestHandler: {
      connectionTimeout: connectTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Without it a silent endpoint only logs a warning and the call never ends (issue 13 #10).
      throwOnRequestTimeout: true,
      // Silence on an open connection (a stalled body) ends the request too.
      socketTimeout: Math.max(requestTimeoutMs, deadlines.idleMs),
    },
  };
}
