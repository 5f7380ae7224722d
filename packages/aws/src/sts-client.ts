import type { STSClient } from '@aws-sdk/client-sts';
import { commonConfig, type ClientOptions } from './client-config';

export async function createStsClient(options: ClientOptions = {}): Promise<STSClient> {
  const { STSClient } = await import('@aws-sdk/client-sts');
  return new STSClient(commonConfig(options));
}
