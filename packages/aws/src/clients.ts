/**
 * SDK clients for one region, created on first use so that an action which never reaches AWS never
 * loads the SDK (the bundles start faster). Endpoints come from the SDK's own settings
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3 / _STS / _SECRETS_MANAGER), so the same code talks to AWS
 * and to the local test endpoints.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

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
  /** Milliseconds a request may stay silent (default 60 s). */
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

export class AwsClients {
  readonly region: string;
  private readonly options: ClientOptions;
  private s3Client?: Promise<S3Client>;
  private stsClient?: Promise<STSClient>;
  private secretsClient?: Promise<SecretsManagerClient>;

  constructor(options: ClientOptions = {}) {
    this.options = options;
    this.region = options.region || regionFromEnv();
  }

  private common() {
    const { credentials, maxAttempts = 3, connectTimeoutMs = 5_000 } = this.options;
    return {
      region: this.region,
      maxAttempts,
      ...(credentials ? { credentials } : {}),
      requestHandler: {
        connectionTimeout: connectTimeoutMs,
        requestTimeout: this.options.requestTimeoutMs ?? 60_000,
      },
    };
  }

  s3(): Promise<S3Client> {
    this.s3Client ??= import('@aws-sdk/client-s3').then(
      ({ S3Client }) =>
        new S3Client({
          ...this.common(),
          forcePathStyle: needsPathStyle(),
          // A bucket in another region than AWS_REGION answers 301: follow it instead of failing.
          followRegionRedirects: true,
        }),
    );
    return this.s3Client;
  }

  sts(): Promise<STSClient> {
    this.stsClient ??= import('@aws-sdk/client-sts').then(
      ({ STSClient }) => new STSClient(this.common()),
    );
    return this.stsClient;
  }

  secretsManager(): Promise<SecretsManagerClient> {
    this.secretsClient ??= import('@aws-sdk/client-secrets-manager').then(
      ({ SecretsManagerClient }) => new SecretsManagerClient(this.common()),
    );
    return this.secretsClient;
  }

  /** Closes the sockets of every client created, so the process can exit at once. */
  async destroy(): Promise<void> {
    for (const client of [this.s3Client, this.stsClient, this.secretsClient]) {
      if (client) (await client).destroy();
    }
  }
}
