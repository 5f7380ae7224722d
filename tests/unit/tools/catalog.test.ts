import { describe, expect, it } from '@jest/globals';
import { InputError } from '@cat-actions/core';
import {
  cacheVersion,
  defaultPluginUrl,
  parseToolList,
  archiveKind,
  versionIn,
} from '@cat-actions/tools';

describe('tools input: the tools the old pipeline installed', () => {
  it.each([
    ['pipenv,awscli,session-manager-plugin', ['pipenv', 'awscli', 'session-manager-plugin']],
    ['awscli  pipenv', ['awscli', 'pipenv']],
    ['PIPENV, pipenv', ['pipenv']],
    ['', []],
    ['none', []],
  ])('%j', (value, names) => {
    expect(parseToolList(value).map((t) => t.name)).toEqual(names);
  });

  it('names what it does not know and what it does', () => {
    expect(() => parseToolList('pipenv,psql')).toThrow(InputError);
    expect(() => parseToolList('pipenv,psql')).toThrow('unknown: psql');
  });

  it('maps awscli to the aws command', () => {
    expect(parseToolList('awscli')[0].executable).toBe('aws');
  });
});

describe('versions', () => {
  it.each([
    ['pipenv, version 2024.4.1', '2024.4.1'],
    ['aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64', '2.15.0'],
    ['1.2.650.0', '1.2.650.0'],
    ['no version here', undefined],
  ])('%s -> %s', (output, version) => expect(versionIn(output)).toBe(version));

  it.each([
    ['1.2.650.0', '1.2.650'],
    ['2024.4.1', '2024.4.1'],
    ['3', '3.0.0'],
  ])('cached as semver: %s -> %s', (version, cached) => expect(cacheVersion(version)).toBe(cached));
});

describe('the plugin package', () => {
  it('defaults to AWS .deb for the architecture', () => {
    expect(defaultPluginUrl('x64')).toMatch(/ubuntu_64bit\/session-manager-plugin\.deb$/);
    expect(defaultPluginUrl('arm64')).toMatch(/ubuntu_arm64\/session-manager-plugin\.deb$/);
  });

  it.each([
    ['https://x/y/session-manager-plugin.deb', 'deb'],
    ['https://x/y/plugin.tar.gz?sig=1', 'tar'],
    ['https://x/y/plugin.tgz', 'tar'],
    ['https://x/y/plugin.zip', 'zip'],
    ['https://x/y/plugin.rpm', undefined],
  ])('%s is a %s', (url, kind) => expect(archiveKind(url)).toBe(kind));
});
