import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@cat-actions/core';
import {
  describeSystemPython,
  parsePythonMode,
  pipenvCacheKey,
  pythonSetup,
  requirePipenv,
  usesPipenv,
  type PythonMode,
  type PythonSetup,
} from '@cat-actions/stage';

const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stage-py-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
};

describe('python mode: a Pipfile.lock means pipenv sync, a lone Pipfile pipenv install', () => {
  const withLock = folder({ Pipfile: '[packages]\n', 'Pipfile.lock': '{}' });
  const pipfileOnly = folder({ Pipfile: '[packages]\n' });
  const without = folder({});
  it.each<[PythonMode, string, PythonSetup['kind'], string | undefined]>([
    ['auto', withLock, 'pipenv', 'sync'],
    ['auto', pipfileOnly, 'pipenv', 'install'],
    ['auto', without, 'direct', undefined],
    ['pipenv', withLock, 'pipenv', 'sync'],
    ['pipenv', pipfileOnly, 'pipenv', 'install'],
    ['system', withLock, 'system', undefined],
    ['system', without, 'system', undefined],
    ['none', withLock, 'direct', undefined],
  ])('%s in a folder like %#', (mode, dir, kind, command) => {
    const setup = pythonSetup(mode, dir);
    expect(setup.kind).toBe(kind);
    expect(setup.kind === 'pipenv' ? setup.command : undefined).toBe(command);
    expect(usesPipenv(mode, dir)).toBe(kind === 'pipenv');
  });

  it('builds from the lock when there is one, else from the Pipfile', () => {
    expect(pythonSetup('auto', withLock)).toMatchObject({
      manifest: path.join(withLock, 'Pipfile.lock'),
    });
    expect(pythonSetup('auto', pipfileOnly)).toMatchObject({
      manifest: path.join(pipfileOnly, 'Pipfile'),
    });
  });

  it('pipenv without a Pipfile is bad input naming both files and the other modes', () => {
    expect(() => usesPipenv('pipenv', without)).toThrow(
      /a Pipfile or a Pipfile\.lock in the working directory .*python: system or none/,
    );
  });

  it.each(['', 'AUTO', 'none', 'system', ' System '])('accepts %j', (v) =>
    expect(parsePythonMode(v)).toBeTruthy(),
  );
  it('rejects poetry, listing the modes', () =>
    expect(() => parsePythonMode('poetry')).toThrow(/auto, pipenv, system, none/));
  it('rejects poetry as InputError', () =>
    expect(() => parsePythonMode('poetry')).toThrow(InputError));
});

describe('python: system says which python3 runs the stage, or that there is none', () => {
  it('names the version and executable in a notice', async () => {
    const said = await describeSystemPython(process.env, 'Project/X');
    expect(said.warning).toBeUndefined();
    expect(said.notice).toMatch(
      /^python: system: stage Project\/X runs with the runner's Python \d+\.\d+\.\d+ \(\/\S+\) outside pipenv/,
    );
  });

  it('warns, without failing, when python3 cannot be run', async () => {
    const said = await describeSystemPython({ PATH: folder({}) }, 'Project/X');
    expect(said.notice).toBeUndefined();
    expect(said.warning).toMatch(/python3 could not be run on this runner.*bash stages run/);
  });
});

describe('a stage that needs pipenv on a runner without it', () => {
  it('fails naming both ways out', () => {
    expect(() => requirePipenv({ PATH: folder({}) }, 'Project/X', '/w/Pipfile.lock')).toThrow(
      /Project\/X has a Pipfile\.lock.*pipenv is not installed.*python: system.*CAT_STAGE_PYTHON=system/,
    );
  });
  it('passes where pipenv is on PATH', () => {
    const bin = folder({ pipenv: '#!/bin/sh\n' });
    chmodSync(path.join(bin, 'pipenv'), 0o755);
    expect(() => requirePipenv({ PATH: bin }, 'Project/X', '/w/Pipfile')).not.toThrow();
  });
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
