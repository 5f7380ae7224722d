import { validateBucketPrefix } from '@cat-actions/core';
import { readAwsCallInputs, type AwsCallInputs } from '../../shared/src/aws-inputs';
import { readBooleanInput, readInput } from '../../shared/src/runner';

/** The input names of action.yml, spelled once. */
export const INPUTS = {
  prefix: 'prefix',
  region: 'region',
  exportEnv: 'export-env',
} as const;

export interface FindBucketInputs extends AwsCallInputs {
  prefix: string;
  exportEnv: boolean;
}

/** Every input (and deadline variable), checked before the SDK is even loaded. */
export function readFindBucketInputs(): FindBucketInputs {
  const prefix = validateBucketPrefix(readInput(INPUTS.prefix, { env: 'BUCKET_PREFIX' }));
  const aws = readAwsCallInputs(INPUTS.region);
  const exportEnv = readBooleanInput(INPUTS.exportEnv, true);
  return { prefix, exportEnv, ...aws };
}
