import os from 'node:os';
import path from 'node:path';
import * as tc from '@actions/tool-cache';
import * as core from '../../shared/src/toolkit';
import { InputError } from '@cat-actions/core';
import {
  ALL_TOOLS,
  parseToolList,
  setupTools,
  toolsNotNeeded,
  type ToolReport,
} from '@cat-actions/tools';
import { publish, readInput } from '../../shared/src/runner';

const OUTPUT_OF: Record<string, string> = {
  pipenv: 'pipenv-version',
  awscli: 'awscli-version',
  'session-manager-plugin': 'session-manager-plugin-version',
};

function checkUrl(input: string, value: string, example: string): void {
  if (value === '') return;
  const parsed = URL.canParse(value) ? new URL(value) : undefined;
  if (!parsed || !['https:', 'http:'].includes(parsed.protocol)) {
    throw new InputError({ input, received: value, expected: 'an http(s) URL', example });
  }
}

export async function run(): Promise<void> {
  const tools = parseToolList(readInput('tools'));
  const pipIndexUrl = readInput('pip-index-url');
  const pluginUrl = readInput('session-manager-plugin-url', { env: 'SESSION_MANAGER_PLUGIN_URL' });
  const python = readInput('python', { fallback: 'python3' });
  checkUrl('pip-index-url', pipIndexUrl, 'https://pypi.example.internal/simple');
  checkUrl(
    'session-manager-plugin-url',
    pluginUrl,
    'https://s3.amazonaws.com/session-manager-downloads/plugin/latest/ubuntu_64bit/session-manager-plugin.deb',
  );
  // A runner always sets both; run elsewhere, the cache lives in the user's cache folder so that
  // a second local run finds what the first installed.
  process.env.RUNNER_TOOL_CACHE ||= path.join(os.homedir(), '.cache', 'cat-actions', 'tool-cache');
  process.env.RUNNER_TEMP ||= os.tmpdir();

  const reports = await setupTools(
    { tools, python, pipIndexUrl, pluginUrl, notNeeded: toolsNotNeeded(process.env) },
    {
      info: core.info,
      warning: (message) => core.warning(message),
      group: core.group,
      addPath: core.addPath,
      env: process.env,
      tempDir: process.env.RUNNER_TEMP,
      arch: os.arch(),
    },
    {
      find: (tool, versionSpec) => tc.find(tool, versionSpec),
      cacheDir: (source, tool, version) => tc.cacheDir(source, tool, version),
      downloadTool: (url) => tc.downloadTool(url),
      extractTar: (file) => tc.extractTar(file),
      extractZip: (file) => tc.extractZip(file),
    },
  );

  const outputs: Record<string, string> = Object.fromEntries(
    ALL_TOOLS.map((tool) => [OUTPUT_OF[tool], '']),
  );
  for (const report of reports) outputs[OUTPUT_OF[report.tool]] = report.version;
  outputs.installed = reports
    .filter((r) => r.source === 'installed')
    .map((r) => r.tool)
    .join(' ');
  publish(outputs, undefined);
  if (reports.length === 0) core.info('No tools asked for (tools is empty or none).');
  else await writeSummary(reports);
}

async function writeSummary(reports: ToolReport[]): Promise<void> {
  await core.summary
    .addHeading('Runner tools', 3)
    .addTable([
      [
        { data: 'Tool', header: true },
        { data: 'Version', header: true },
        { data: 'From', header: true },
        { data: 'Path', header: true },
      ],
      ...reports.map((r) => [r.tool, r.version, r.source, r.path]),
    ])
    .write();
}
