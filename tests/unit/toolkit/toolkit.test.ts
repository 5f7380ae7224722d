import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as actionsCore from '@actions/core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as toolkit from '../../../actions/shared/src/toolkit';
import { startHttpRecorder } from '../../support/http-recorder';

type Core = typeof toolkit;
const FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'];
const saved = { ...process.env };

/** Runs `calls` against one implementation; returns what the runner would see. */
async function observe(core: Core, calls: (core: Core) => Promise<void> | void) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'toolkit-'));
  for (const name of FILES) {
    process.env[name] = path.join(dir, name);
    writeFileSync(process.env[name]!, '');
  }
  const written: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof write;
  try {
    await calls(core);
  } finally {
    process.stdout.write = write;
  }
  const files = Object.fromEntries(FILES.map((n) => [n, readFileSync(process.env[n]!, 'utf8')]));
  const exitCode = process.exitCode ?? 0;
  process.exitCode = 0;
  const normalize = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER');
  return normalize(JSON.stringify({ stdout: written.join(''), files, exitCode }));
}

async function sameAsActionsCore(calls: (core: Core) => Promise<void> | void) {
  const theirs = await observe(actionsCore as unknown as Core, calls);
  const ours = await observe(toolkit, calls);
  expect(ours).toBe(theirs);
}

beforeEach(() => {
  process.env.INPUT_NAME = '  value  ';
  process.env['INPUT_MULTI-LINE'] = 'a\n b \n\nc';
  process.env.INPUT_FLAG = 'True';
});
afterEach(() => {
  process.env = { ...saved };
});

describe('toolkit speaks the runner protocol exactly as @actions/core', () => {
  it.each<[string, (core: Core) => Promise<void> | void]>([
    [
      'inputs',
      (c) =>
        c.info(
          JSON.stringify([
            c.getInput('name'),
            c.getInput('name', { trimWhitespace: false }),
            c.getMultilineInput('multi-line'),
            c.getBooleanInput('flag'),
          ]),
        ),
    ],
    [
      'outputs, variables and state',
      (c) => {
        c.setOutput('plain', 'x');
        c.setOutput('multi', 'line 1\nline 2');
        c.setOutput('object', { a: 1 });
        c.exportVariable('VAR', 'v=1');
        c.saveState('pid', 42);
        c.addPath('/opt/tool/bin');
      },
    ],
    [
      'log commands and annotations',
      (c) => {
        c.debug('debug 100%\nnext');
        c.notice('note');
        c.warning('careful: a, b', { title: 'Title: x,y', file: 'a.ts', startLine: 3 });
        c.error(new Error('boom'));
        c.setSecret('s3cr3t');
        c.startGroup('phase');
        c.endGroup();
      },
    ],
    ['failure', (c) => c.setFailed('it failed')],
    ['group()', async (c) => void (await c.group('g', async () => c.info('inside')))],
    [
      'summary',
      async (c) => {
        await c.summary
          .addHeading('Title', 3)
          .addTable([
            [
              { data: 'h', header: true },
              { data: 'wide', colspan: '2' },
            ],
            ['a', 'b'],
          ])
          .addList(['x', 'y'])
          .addLink('run', 'https://example.test/run')
          .addCodeBlock('code', 'sh')
          .addDetails('more', 'text')
          .addSeparator()
          .addBreak()
          .addQuote('q', 'c')
          .addRaw('raw', true)
          .write();
        await c.summary.addRaw('replaced').write({ overwrite: true });
      },
    ],
  ])('%s', async (_name, calls) => sameAsActionsCore(calls));

  it('rejects a bad boolean input like @actions/core', () => {
    process.env.INPUT_FLAG = 'yes';
    expect(() => toolkit.getBooleanInput('flag')).toThrow(/Core Schema/);
    expect(() => actionsCore.getBooleanInput('flag')).toThrow(/Core Schema/);
  });

  it('fetches the OIDC token with the bearer token and audience, and masks it', async () => {
    const server = await startHttpRecorder(() => ({
      status: 200,
      body: { value: 'header.payload.sig' },
    }));
    try {
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${server.url}/token?api-version=2.0`;
      process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'request-token';
      const seen = await observe(toolkit, async (c) =>
        c.info(await c.getIDToken('sts.amazonaws.com')),
      );
      expect(server.requests[0].url).toBe('/token?api-version=2.0&audience=sts.amazonaws.com');
      expect(server.requests[0].headers.authorization).toBe('Bearer request-token');
      expect(JSON.parse(seen).stdout).toBe('::add-mask::header.payload.sig\nheader.payload.sig\n');
    } finally {
      await server.close();
    }
  });

  it('says what permission is missing when the job cannot request a token', async () => {
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    await expect(toolkit.getIDToken()).rejects.toThrow(/id-token: write/);
  });
});
