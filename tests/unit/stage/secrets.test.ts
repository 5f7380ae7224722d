import { describe, expect, it } from '@jest/globals';
import { InputError } from '@cat-actions/core';
import { SecretRedactor, secretEnvironment, secretValues } from '@cat-actions/stage';

describe('secret keys must be variable names', () => {
  it('keeps valid entries', () => {
    expect(secretEnvironment({ API_KEY: 'k', _x1: 'v' }, 's')).toEqual({ API_KEY: 'k', _x1: 'v' });
  });

  it.each(['api-key', '1KEY', 'A B', ''])('rejects key %j without showing any value', (key) => {
    const run = () =>
      secretEnvironment({ GOOD: 'hidden-value', [key]: 'other-hidden' }, 'cat-be-s');
    expect(run).toThrow(InputError);
    expect(run).toThrow(JSON.stringify(key));
    expect(run).not.toThrow(/hidden/);
  });
});

describe('secret values are redacted from everything the stage prints', () => {
  it('lists each value and each line of a multi-line value, longest first', () => {
    expect(secretValues({ A: 'short', B: 'line one\nline two', C: '', D: '  ' })).toEqual([
      'line one\nline two',
      'line one',
      'line two',
      'short',
    ]);
  });

  it('masks a short value whole, but not the short lines of a longer one', () => {
    expect(secretValues({ PIN: '42', PEM: '-----\nMIIBsecret\n}' })).toEqual([
      '-----\nMIIBsecret\n}',
      'MIIBsecret',
      '-----',
      '42',
    ]);
  });

  it('adds the string leaves of a JSON value, leaving out very short ones', () => {
    const json = JSON.stringify({
      type: 'sa',
      private_key: 'k-123456\nline2-xyz',
      nested: [{ token: 'tok-abcdef' }],
      n: 12345,
    });
    const values = secretValues({ SA: json });
    expect(values).toEqual(
      expect.arrayContaining([json, 'k-123456\nline2-xyz', 'k-123456', 'line2-xyz', 'tok-abcdef']),
    );
    expect(values).not.toContain('sa');
    expect(values).not.toContain('12345');
    expect(secretValues({ A: '{not json' })).toEqual(['{not json']);
  });

  it('replaces every occurrence, a containing value whole', () => {
    const redactor = new SecretRedactor(secretValues({ A: 'abc', B: 'xabcx' }));
    expect(redactor.redact('key=xabcx and abc, abc')).toBe('key=*** and ***, ***');
    expect(redactor.redact('nothing here')).toBe('nothing here');
  });
});
