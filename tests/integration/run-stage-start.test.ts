import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorLines, repoRoot, runAction } from '../support/action-runner';
import { stageWorkspace, useStageServices } from '../fixtures/stages/services';

const services = useStageServices();
let workspace: string;
beforeAll(() => {
  workspace = stageWorkspace();
});

/**
 * Preloaded into the bundle's process: records the built-in modules Node loads from the moment
 * main.js is loaded until the stage's group opens (the stage starts right after).
 */
const RECORDER = `
const { registerHooks } = require('node:module');
const { writeFileSync } = require('node:fs');
let before;
registerHooks({
  load(url, context, next) {
    if (!before && url.endsWith('/main.js')) before = new Set(process.moduleLoadList);
    return next(url, context);
  },
});
const write = process.stdout.write.bind(process.stdout);
let recorded = false;
process.stdout.write = (chunk, ...rest) => {
  if (!recorded && before && String(chunk).includes('::group::Run stage')) {
    recorded = true;
    const loaded = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule'));
    writeFileSync(process.env.CAT_TEST_LOADED, JSON.stringify(loaded));
  }
  return write(chunk, ...rest);
};
`;

describe('run-stage bundle: start path', () => {
  it('loads every built-in module it needs before the young-generation flag is set', async () => {
    // Once dist/run-stage/index.js sets --semi-space-growth-factor, V8 refuses the code Node
    // compiled ahead for its built-ins: each one loaded after that is compiled from source
    // (issue 14: ~15 ms instead of ~6 before the stage started). The loader loads them first;
    // this fails when the start path comes to need one more.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-start-'));
    const recorder = path.join(dir, 'recorder.cjs');
    const loaded = path.join(dir, 'loaded.json');
    writeFileSync(recorder, RECORDER);
    const result = await runAction('run-stage', {
      inputs: { stage: '1a', dataset: 'new', upload: '1b*', env: 'SAMPLE_SIZE=all' },
      workspace,
      env: { ...services().env(), NODE_OPTIONS: `--require ${recorder}`, CAT_TEST_LOADED: loaded },
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(loaded, 'utf8'))).toEqual([]);
  });

  it.each([
    ['local http endpoints', false, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' }],
    [
      'http for S3, AWS for Secrets Manager',
      true,
      { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' },
    ],
    ['AWS itself', true, {}],
  ])('with %s, node:https loads before the flag: %s', (_name, https, endpoints) => {
    // The loader alone, in front of a main.js that reports what was loaded before it.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-loader-'));
    copyFileSync(path.join(repoRoot, 'dist/run-stage/index.js'), path.join(dir, 'index.js'));
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(
      path.join(dir, 'main.js'),
      'console.log(JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith("NativeModule "))));',
    );
    const run = spawnSync(path.join(repoRoot, 'node_modules/node/bin/node'), ['index.js'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, RUNNER_TOOL_CACHE: dir, ...endpoints },
    });
    expect(run.stderr).toBe('');
    const loaded: string[] = JSON.parse(run.stdout);
    for (const name of ['crypto', 'child_process', 'http', 'string_decoder', 'util']) {
      expect(loaded).toContain(`NativeModule ${name}`);
    }
    expect(loaded.includes('NativeModule https')).toBe(https);
  });
});
