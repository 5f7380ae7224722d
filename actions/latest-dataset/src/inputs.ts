import {
  parseRequiredParts,
  validateBucketName,
  validateDatasetRef,
  validateTenantName,
} from '@cat-actions/core';
import { readAwsCallInputs, type AwsCallInputs } from '../../shared/src/aws-inputs';
import { readBooleanInput, readInput } from '../../shared/src/runner';

/** The input names of action.yml, spelled once. */
export const INPUTS = {
  bucket: 'bucket',
  tenant: 'tenant',
  dataset: 'dataset',
  require: 'require',
  strict: 'strict',
  exportEnv: 'export-env',
} as const;

export interface LatestDatasetInputs extends AwsCallInputs {
  /** What to look for: latestDataset's own options. */
  query: {
    bucket: string;
    tenant: string;
    /** A dataset name or LATEST. */
    dataset: string;
    require: ReturnType<typeof parseRequiredParts>;
    strict: boolean;
  };
  exportEnv: boolean;
}

/** Every input (and the region and deadline variables), checked before the SDK is loaded. */
export function readLatestDatasetInputs(): LatestDatasetInputs {
  const bucket = validateBucketName(readInput(INPUTS.bucket, { env: 'S3_BUCKET_NAME' }));
  const tenant = validateTenantName(readInput(INPUTS.tenant, { env: 'TENANT_NAME' }));
  const dataset = validateDatasetRef(readInput(INPUTS.dataset) || 'LATEST');
  const require = parseRequiredParts(readInput(INPUTS.require));
  const strict = readBooleanInput(INPUTS.strict, false);
  const exportEnv = readBooleanInput(INPUTS.exportEnv, true);
  // No region input: the bucket's region comes from the job, as assume-role exported it.
  const aws = readAwsCallInputs();
  return { query: { bucket, tenant, dataset, require, strict }, exportEnv, ...aws };
}
