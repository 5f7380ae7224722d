import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The lint rules of eslint.config.js that keep inputs and the environment in one room: getInput only
 * in the toolkit and the inputs.ts files, process.env in actions/ only in inputs.ts (and shared/).
 * Each case is linted as if it stood at that path, so the config's own file globs decide.
 */
const eslint = new ESLint({ cwd: path.resolve('.') });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(file) });
  return result.messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
}

const GET_INPUT = /Read inputs with readInput in the action's src\/inputs\.ts/;
const ENV = /Read the environment in this action's src\/inputs\.ts/;

describe('lint: inputs and the environment are read in one place', () => {
  it.each([
    [
      'core.getInput in a main.ts',
      'actions/find-bucket/src/main.ts',
      "import * as core from '../../shared/src/toolkit';\nexport const x = core.getInput('prefix');\n",
      GET_INPUT,
    ],
    [
      'getInput imported by name in a package',
      'packages/stage/src/x.ts',
      "import { getInput } from '../../../actions/shared/src/toolkit';\nexport const x = getInput('a');\n",
      GET_INPUT,
    ],
    [
      'the shared readInput in a main.ts',
      'actions/notify-slack/src/main.ts',
      "import { readInput } from '../../shared/src/runner';\nexport const x = readInput('channel');\n",
      GET_INPUT,
    ],
    [
      'process.env in a main.ts',
      'actions/run-stage/src/main.ts',
      'export const x = process.env.PROJECT_DIR;\n',
      ENV,
    ],
    [
      "process['env'] in another entry file",
      'actions/open-bastion-tunnel/src/post.ts',
      "export const x = process['env'].HOME;\n",
      ENV,
    ],
    [
      'env imported from node:process',
      'actions/run-stage/src/report.ts',
      "import { env } from 'node:process';\nexport const x = env.HOME;\n",
      ENV,
    ],
  ])('fails on %s', async (_case, file, code, message) => {
    const found = await problems(file, code);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => message.test(m))).toBe(true);
  });

  it.each([
    ['an inputs.ts', 'actions/run-stage/src/inputs.ts', '../../shared/src/toolkit'],
    ['the shared runner', 'actions/shared/src/runner.ts', './toolkit'],
  ])('lets %s read both', async (_case, file, toolkit) => {
    const code =
      `import * as core from '${toolkit}';\n` +
      "export const x = core.getInput('stage') + (process.env.PROJECT_DIR ?? '');\n";
    expect(await problems(file, code)).toEqual([]);
  });
});
