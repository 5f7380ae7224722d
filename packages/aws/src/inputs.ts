/**
 * assume-role's own numeric input. The names every action shares (region, bucket, tenant, parts,
 * secret names) have their one rule in packages/core.
 */
import { parseWholeNumber } from '@cat-actions/core';

/** STS allows 900 s to 12 h; the role's own maximum (1 h by default) may be lower. */
export function validateDurationSeconds(value: string, input = 'duration-seconds'): number {
  return parseWholeNumber(value, input, {
    min: 900,
    max: 43_200,
    example: 3600,
    unit: 'of seconds',
    note: ' (15 minutes to 12 hours)',
  });
}
