/** Checks of AWS-shaped inputs, made before any request so a typo fails in milliseconds. */
import { InputError } from '@cat-actions/core';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function validateRegion(value: string, input = 'region'): string {
  const region = value.trim();
  if (!REGION.test(region)) {
    throw new InputError({
      input,
      received: value,
      expected: 'an AWS region code',
      example: 'eu-west-1',
    });
  }
  return region;
}

/** STS allows 900 s to 12 h; the role's own maximum (1 h by default) may be lower. */
export function validateDurationSeconds(value: string, input = 'duration-seconds'): number {
  const seconds = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || seconds < 900 || seconds > 43_200) {
    throw new InputError({
      input,
      received: value,
      expected: 'a whole number of seconds from 900 (15 minutes) to 43200 (12 hours)',
      example: '3600',
    });
  }
  return seconds;
}
