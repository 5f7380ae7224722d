import os from 'node:os';
import * as tc from '@actions/tool-cache';
import * as core from '../../shared/src/toolkit';
import { ALL_TOOLS, setupTools } from '@cat-actions/tools';
import { publish } from '../../shared/src/runner';
import { writeSummaryTable } from '../../shared/src/summary-table';
import { readSetupToolsInputs } from './inputs';

const OUTPUT_OF: Record<string, string> = {
  pipenv: 'pipenv-version',
  awscli: 'awscli-version',
  'session-manager-plugin': 'session-manager-plugin-version',
};

export async function run(): Promise<void> {
  const { request, env, tempDir } = readSetupToolsInputs();
  const reports = await setupTools(
    request,
    {
      info: core.info,
      warning: (message) => core.warning(message),
      group: core.group,
      addPath: core.addPath,
      env,
      tempDir,
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
  else {
    await writeSummaryTable(
      'Runner tools',
      ['Tool', 'Version', 'From', 'Path'],
      reports.map((r) => [r.tool, r.version, r.source, r.path]),
    );
  }
}
