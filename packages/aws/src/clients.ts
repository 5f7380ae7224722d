/**
 * The three clients a step may need, for one region, each created on first use. Actions that need
 * one service call its create*Client directly, so their bundles carry only that client.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from './secrets-client';
import type { StsClient } from './sts-client';
import { regionFromEnv, type ClientOptions } from './client-config';
import { createS3Client } from './s3-client';
import { createSecretsManagerClient } from './secrets-client';
import { createStsClient } from './sts-client';

export * from './client-config';
export { createS3Client, createSecretsManagerClient, createStsClient };
export {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
} from './sts-client';
export type { StsClient } from './sts-client';
export { GetSecretValueCommand, type SecretsManagerClient } from './secrets-client';

export class AwsClients {
  readonly region: string;
  private readonly options: ClientOptions;
  private s3Client?: Promise<S3Client>;
  private stsClient?: Promise<StsClient>;
  private secretsClient?: Promise<SecretsManagerClient>;

  constructor(options: ClientOptions = {}) {
    this.region = options.region || regionFromEnv();
    this.options = { ...options, region: this.region };
  }

  s3(): Promise<S3Client> {
    this.s3Client ??= createS3Client(this.options);
    return this.s3Client;
  }

  sts(): Promise<StsClient> {
    this.stsClient ??= createStsClient(this.options);
    return this.stsClient;
  }

  secretsManager(): Promise<SecretsManagerClient> {
    this.secretsClient ??= createSecretsManagerClient(this.options);
    return this.secretsClient;
  }

  /** Closes the sockets of every client created, so the process can exit at once. */
  async destroy(): Promise<void> {
    for (const client of [this.s3Client, this.stsClient, this.secretsClient]) {
      if (client) (await client).destroy();
    }
  }
}
