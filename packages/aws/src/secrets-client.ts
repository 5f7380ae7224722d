import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { commonConfig, type ClientOptions } from './client-config';

export async function createSecretsManagerClient(
  options: ClientOptions = {},
): Promise<SecretsManagerClient> {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  return new SecretsManagerClient(commonConfig(options));
}
