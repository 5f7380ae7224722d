import { networkDeadlines, validateBucketPrefix, validateRegion } from '@cat-actions/core';
import { regionFromEnv } from '@cat-actions/aws';
import { readBooleanInput, readInput } from '../../shared/src/runner';

/** The input names of action.yml, spelled once. */
export const INPUTS = {
  prefix: 'prefix',
  region: 'region',
  exportEnv: 'export-env',
} as const;

export interface FindBucketInputs {
  prefix: string;
  region: string;
  exportEnv: boolean;
  deadlines: ReturnType<typeof networkDeadlines>;
}

/** Every input (and deadline variable), checked before the SDK is even loaded. */
export function readFindBucketInputs(): FindBucketInputs {
  const prefix = validateBucketPrefix(readInput(INPUTS.prefix, { env: 'BUCKET_PREFIX' }));
  const region = validateRegion(readInput(INPUTS.region) || regionFromEnv());
  const exportEnv = readBooleanInput(INPUTS.exportEnv, true);
  return { prefix, region, exportEnv, deadlines: networkDeadlines() };
}
