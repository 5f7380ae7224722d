import os from 'node:os';
import path from 'node:path';
import { InputError } from '@cat-actions/core';
import { parseToolList, toolsNotNeeded, type SetupToolsRequest } from '@cat-actions/tools';
import { readInput } from '../../shared/src/runner';

/** The input names of action.yml, spelled once. */
export const INPUTS = {
  tools: 'tools',
  pipIndexUrl: 'pip-index-url',
  sessionManagerPluginUrl: 'session-manager-plugin-url',
  python: 'python',
} as const;

export interface SetupToolsInputs {
  request: SetupToolsRequest;
  /** The environment installers run with; it carries RUNNER_TOOL_CACHE and RUNNER_TEMP. */
  env: NodeJS.ProcessEnv;
  tempDir: string;
}

/** Every input, checked before anything is downloaded or installed. */
export function readSetupToolsInputs(): SetupToolsInputs {
  const tools = parseToolList(readInput(INPUTS.tools), INPUTS.tools);
  const pipIndexUrl = readInput(INPUTS.pipIndexUrl);
  const pluginUrl = readInput(INPUTS.sessionManagerPluginUrl, {
    env: 'SESSION_MANAGER_PLUGIN_URL',
  });
  const python = readInput(INPUTS.python, { fallback: 'python3' });
  checkUrl(INPUTS.pipIndexUrl, pipIndexUrl, 'https://pypi.example.internal/simple');
  checkUrl(
    INPUTS.sessionManagerPluginUrl,
    pluginUrl,
    'https://s3.amazonaws.com/session-manager-downloads/plugin/latest/ubuntu_64bit/session-manager-plugin.deb',
  );
  // A runner always sets both; run elsewhere, the cache lives in the user's cache folder so that
  // a second local run finds what the first installed. Set in the environment because
  // @actions/tool-cache reads them from there.
  process.env.RUNNER_TOOL_CACHE ||= path.join(os.homedir(), '.cache', 'cat-actions', 'tool-cache');
  process.env.RUNNER_TEMP ||= os.tmpdir();
  return {
    request: { tools, python, pipIndexUrl, pluginUrl, notNeeded: toolsNotNeeded(process.env) },
    env: process.env,
    tempDir: process.env.RUNNER_TEMP,
  };
}

function checkUrl(input: string, value: string, example: string): void {
  if (value === '') return;
  const parsed = URL.canParse(value) ? new URL(value) : undefined;
  if (!parsed || !['https:', 'http:'].includes(parsed.protocol)) {
    throw new InputError({ input, received: value, expected: 'an http(s) URL', example });
  }
}
