import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorLines, runAction } from '../support/action-runner';
import {
  AWSCLI_VERSION,
  PIPENV_VERSION,
  PLUGIN_VERSION,
  bareToolPath,
  startPackageServer,
  type PackageServer,
} from './setup-tools-packages';

// setup-tools installs pipenv and awscli with pip (a test index here, PyPI is out of reach) and
// the plugin from its package URL, into the tool cache; later runs find them there or on PATH.
let server: PackageServer;
let bareBin: string;
let toolCache: string;

beforeAll(async () => {
  server = await startPackageServer();
  bareBin = bareToolPath();
  toolCache = mkdtempSync(path.join(os.tmpdir(), 'cat-tool-cache-'));
}, 60_000);
afterAll(() => server.close());

const setupTools = (
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  cache = toolCache,
) =>
  runAction('setup-tools', {
    inputs: {
      'pip-index-url': `${server.url}/simple`,
      'session-manager-plugin-url': `${server.url}/plugin/session-manager-plugin.tar.gz`,
      ...inputs,
    },
    env: { PATH: bareBin, RUNNER_TOOL_CACHE: cache, PIP_CONFIG_FILE: '/dev/null', ...env },
  });

const versionOf = (executable: string, pathDirs: string[]) =>
  execFileSync(executable, ['--version'], {
    encoding: 'utf8',
    env: { PATH: [...pathDirs, bareBin].join(':') },
  }).trim();

describe('a runner without the tools: setup-tools installs what is missing', () => {
  let first: Awaited<ReturnType<typeof setupTools>>;
  beforeAll(async () => {
    first = await setupTools({});
  }, 180_000);

  it('installs all three, prints and outputs their versions', () => {
    expect(errorLines(first.log)).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toEqual({
      'pipenv-version': PIPENV_VERSION,
      'awscli-version': AWSCLI_VERSION,
      'session-manager-plugin-version': PLUGIN_VERSION,
      installed: 'pipenv awscli session-manager-plugin',
    });
    expect(first.log).toContain(`pipenv ${PIPENV_VERSION} installed`);
    expect(first.log).toContain(`session-manager-plugin ${PLUGIN_VERSION} installed`);
    expect(first.summary).toContain('<td>pipenv</td><td>99.1.0</td><td>installed</td>');
  });

  it('puts each tool on PATH for later steps, and they run from there', () => {
    expect(first.addedPath).toHaveLength(3);
    for (const dir of first.addedPath) expect(dir.startsWith(toolCache)).toBe(true);
    expect(versionOf('pipenv', first.addedPath)).toBe(`pipenv, version ${PIPENV_VERSION}`);
    expect(versionOf('aws', first.addedPath)).toContain(`aws-cli/${AWSCLI_VERSION}`);
    expect(versionOf('session-manager-plugin', first.addedPath)).toBe(PLUGIN_VERSION);
  });

  it('never puts the tool environments own python or pip on PATH', () => {
    for (const dir of first.addedPath) {
      expect(existsSync(path.join(dir, 'python'))).toBe(false);
      expect(existsSync(path.join(dir, 'pip'))).toBe(false);
    }
  });

  it('the next job on the runner takes them from the tool cache, downloading nothing', async () => {
    const before = server.requests.length;
    const second = await setupTools({});
    expect(second.exitCode).toBe(0);
    expect(server.requests.length).toBe(before);
    expect(second.outputs.installed).toBe('');
    expect(second.outputs['pipenv-version']).toBe(PIPENV_VERSION);
    expect(second.log).toContain(`pipenv ${PIPENV_VERSION} from the tool cache`);
    expect(second.addedPath).toEqual(first.addedPath);
  }, 120_000);

  it('tools already on PATH are used as they are: nothing cached, nothing added', async () => {
    const before = server.requests.length;
    const empty = mkdtempSync(path.join(os.tmpdir(), 'cat-tool-cache-'));
    const onPath = await setupTools({}, { PATH: [...first.addedPath, bareBin].join(':') }, empty);
    expect(onPath.exitCode).toBe(0);
    expect(server.requests.length).toBe(before);
    expect(onPath.addedPath).toEqual([]);
    expect(onPath.log).toContain(`pipenv ${PIPENV_VERSION} is on the runner`);
    expect(onPath.outputs.installed).toBe('');
  }, 120_000);
});

describe('a runner whose stages run without pipenv (CAT_STAGE_PYTHON=system)', () => {
  it('does not install pipenv there, and says why', async () => {
    const before = server.requests.length;
    const cache = mkdtempSync(path.join(os.tmpdir(), 'cat-tool-cache-'));
    const result = await setupTools({ tools: 'pipenv' }, { CAT_STAGE_PYTHON: 'system' }, cache);
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('pipenv: not needed: stages run without pipenv here');
    expect(result.outputs['pipenv-version']).toBe('');
    expect(result.addedPath).toEqual([]);
    expect(server.requests.length).toBe(before);
  }, 60_000);
});

describe('the plugin from its .deb, as the old pipeline installed it', () => {
  it('unpacks the .deb without root and caches the executable', async () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'cat-tool-cache-'));
    const result = await setupTools(
      {
        tools: 'session-manager-plugin',
        'session-manager-plugin-url': `${server.url}/plugin/session-manager-plugin.deb`,
      },
      {},
      cache,
    );
    expect(errorLines(result.log)).toEqual([]);
    expect(result.outputs['session-manager-plugin-version']).toBe(PLUGIN_VERSION);
    expect(result.outputs['pipenv-version']).toBe('');
    expect(versionOf('session-manager-plugin', result.addedPath)).toBe(PLUGIN_VERSION);
  }, 60_000);
});

describe('a failed install is one clear error', () => {
  it.each([
    [
      'a package the index does not have',
      (url: string) => ({ tools: 'awscli', 'pip-index-url': `${url}/empty-index` }),
      ['Could not install awscli: pip install awscli failed', 'pip-index-url'],
    ],
    [
      'a plugin URL that answers 404',
      (url: string) => ({
        tools: 'session-manager-plugin',
        'session-manager-plugin-url': `${url}/plugin/missing.deb`,
      }),
      [
        'Could not install session-manager-plugin: downloading',
        '404',
        'session-manager-plugin-url',
      ],
    ],
    [
      'a plugin URL of an unknown kind',
      (url: string) => ({
        tools: 'session-manager-plugin',
        'session-manager-plugin-url': `${url}/plugin/session-manager-plugin.rpm`,
      }),
      ['is not a .deb, .tar.gz or .zip'],
    ],
    [
      'an unknown tool',
      () => ({ tools: 'pipenv,terraform' }),
      ["Input 'tools'", 'unknown: terraform', 'pipenv, awscli, session-manager-plugin'],
    ],
  ])(
    '%s',
    async (_case, inputs, expected) => {
      const cache = mkdtempSync(path.join(os.tmpdir(), 'cat-tool-cache-'));
      const result = await setupTools(inputs(server.url), {}, cache);
      expect(result.exitCode).toBe(1);
      const errors = errorLines(result.log);
      expect(errors).toHaveLength(1);
      for (const text of expected) expect(errors[0]).toContain(text);
      expect(result.addedPath).toEqual([]);
      expect(result.outputs).toEqual({});
    },
    120_000,
  );
});
