import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@cat-actions/core';
import { parsePythonMode, pipenvCacheKey, usesPipenv, type PythonMode } from '@cat-actions/stage';

const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stage-py-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
};

describe('python mode: a Pipfile.lock means pipenv', () => {
  const withLock = folder({ 'Pipfile.lock': '{}' });
  const without = folder({});
  it.each<[PythonMode, string, boolean]>([
    ['auto', withLock, true],
    ['auto', without, false],
    ['pipenv', withLock, true],
    ['none', withLock, false],
  ])('%s', (mode, dir, expected) => expect(usesPipenv(mode, dir)).toBe(expected));

  it('pipenv without a lock is bad input', () => {
    expect(() => usesPipenv('pipenv', without)).toThrow(/Pipfile\.lock in the working directory/);
  });

  it.each(['', 'AUTO', 'none'])('accepts %j', (v) => expect(parsePythonMode(v)).toBeTruthy());
  it('rejects poetry', () => expect(() => parsePythonMode('poetry')).toThrow(InputError));
});

describe('pipenv cache key: OS, Python version, lock file', () => {
  const a = folder({ 'Pipfile.lock': '{"a":1}' });
  const b = folder({ 'Pipfile.lock': '{"a":2}' });
  const key = (dir: string, pythonVersion = '3.11.7', project = 'Project/X') =>
    pipenvCacheKey({
      os: 'Linux',
      pythonVersion,
      project,
      lockFile: path.join(dir, 'Pipfile.lock'),
    });

  it('has a readable prefix', () =>
    expect(key(a)).toMatch(/^pipenv-Linux-py3\.11\.7-[0-9a-f]{64}$/));
  it('changes with the lock', () => expect(key(a)).not.toBe(key(b)));
  it('changes with the Python version', () => expect(key(a)).not.toBe(key(a, '3.12.1')));
  it('changes with the project', () => expect(key(a)).not.toBe(key(a, '3.11.7', 'Project/Y')));
  it('is stable', () => expect(key(a)).toBe(key(a)));
});
