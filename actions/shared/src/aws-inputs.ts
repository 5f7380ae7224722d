/**
 * Where an action's AWS calls go and how long they may take, read the same way by every action
 * that calls AWS: the region (the action's `region` input when it has one, else the job's
 * AWS_REGION / AWS_DEFAULT_REGION as assume-role exported it) and the step's network deadlines.
 */
import { networkDeadlines, validateRegion } from '@cat-actions/core';
import { regionFromEnv } from '@cat-actions/aws';
import { readInput } from './runner';

export interface AwsCallInputs {
  region: string;
  deadlines: ReturnType<typeof networkDeadlines>;
}

/** `regionInput`: the name of the action's region input; without one, the job's variable decides. */
export function readAwsCallInputs(regionInput?: string): AwsCallInputs {
  const region = regionInput
    ? validateRegion(readInput(regionInput) || regionFromEnv(), regionInput)
    : validateRegion(regionFromEnv(), 'AWS_REGION', 'an AWS region code in AWS_REGION');
  return { region, deadlines: networkDeadlines() };
}
