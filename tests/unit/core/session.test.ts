import { describe, expect, it } from '@jest/globals';
import { isValidSessionName, roleSessionName } from '@cat-actions/core';

describe('role session names carry tenant and run, within STS rules', () => {
  it.each([
    [{ tenant: 'cat-be', runId: '123456789', runAttempt: '2' }, 'gha-cat-be-123456789-2'],
    [{ tenant: 'cat-be', runId: '5' }, 'gha-cat-be-5-1'],
    [{ tenant: 'cat-be' }, 'gha-cat-be-local'],
    [{ tenant: 'cät be/x', runId: '7', runAttempt: '1' }, 'gha-c-t-be-x-7-1'],
  ])('%j -> %s', (parts, name) => {
    expect(roleSessionName(parts)).toBe(name);
    expect(isValidSessionName(name)).toBe(true);
  });

  it('cuts the tenant, never the run id, to stay within 64 characters', () => {
    const name = roleSessionName({
      tenant: 'x'.repeat(100),
      runId: '12345678901234',
      runAttempt: '3',
    });
    expect(name).toHaveLength(64);
    expect(name.endsWith('-12345678901234-3')).toBe(true);
    expect(isValidSessionName(name)).toBe(true);
  });

  it.each(['a', 'x'.repeat(65), 'has space', 'slash/'])(
    '%j is not a valid session name',
    (name) => {
      expect(isValidSessionName(name)).toBe(false);
    },
  );
});
