/**
 * pipenv and awscli from a Python package index, each into an environment of its own, so that
 * neither adds its packages to the runner's Python nor is shadowed by a stage's Pipfile. Only a
 * small wrapper (`bin/pipenv`, `bin/aws`) goes on PATH: never the environment's python or pip.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ToolSpec } from './catalog';
import { runCommand } from './commands';
import { ToolInstallError } from './errors';

export interface PipInstallRequest {
  spec: ToolSpec & { install: { kind: 'pip' } };
  /** The interpreter the tools run with (python3: setup-python's, when it ran before). */
  python: string;
  /** Empty: pip's own configuration (PIP_INDEX_URL, pip.conf, else PyPI). */
  indexUrl: string;
  env: NodeJS.ProcessEnv;
  tempDir: string;
  print: (line: string) => void;
}

export interface StagedTool {
  /** The folder to cache: `venv/` plus `bin/<executable>`. */
  folder: string;
  version: string;
}

/** `pipenv-py3.11`: an environment only works with the Python minor version that built it. */
export const pipCacheName = (tool: string, pythonVersion: string) =>
  `${tool}-py${pythonVersion.split('.').slice(0, 2).join('.')}`;

export async function pythonVersion(python: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runCommand(
    python,
    ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'],
    { env },
  );
  if (result.exitCode !== 0) {
    throw new ToolInstallError(
      `pipenv and awscli are installed with pip, but ${python} could not be run ` +
        `(exit code ${result.exitCode}): ${result.tail.join(' ')}. Set up Python first ` +
        '(actions/setup-python) or give the python input.',
    );
  }
  return result.output.trim().split('\n').pop()!;
}

/** The wrapper on PATH: runs the tool's module with its environment's python, wherever cached. */
function wrapper(spec: PipInstallRequest['spec'], version: string): string {
  return [
    '#!/bin/sh',
    `# ${spec.install.package} ${version}, installed by cat-actions setup-tools in its own environment.`,
    `exec "\${0%/*}/../venv/bin/python" -m ${spec.install.module} "$@"`,
    '',
  ].join('\n');
}

export async function stagePipTool(request: PipInstallRequest): Promise<StagedTool> {
  const { spec, print } = request;
  const folder = mkdtempSync(path.join(request.tempDir, `setup-tools-${spec.name}-`));
  const venv = path.join(folder, 'venv');
  const fail = (what: string, tail: string[], hint: string): never => {
    throw new ToolInstallError(
      `Could not install ${spec.name}: ${what}.${tail.length ? ` Last lines: ${tail.join(' | ')}.` : ''} ${hint}`,
    );
  };

  const created = await runCommand(request.python, ['-m', 'venv', venv], {
    env: request.env,
    onLine: print,
  });
  if (created.exitCode !== 0) {
    fail(
      `${request.python} -m venv failed with exit code ${created.exitCode}`,
      created.tail,
      'The runner needs Python with the venv module (Debian: python3-venv), or the tool preinstalled.',
    );
  }
  const venvPython = path.join(venv, 'bin', 'python');
  const index = request.indexUrl ? ['--index-url', request.indexUrl] : [];
  const where =
    request.indexUrl || 'the configured package index (PIP_INDEX_URL, pip.conf or PyPI)';
  const pip = await runCommand(
    venvPython,
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '--retries',
      '3',
      '--timeout',
      '30',
      ...index,
      spec.install.package,
    ],
    { env: request.env, onLine: print },
  );
  if (pip.exitCode !== 0) {
    fail(
      `pip install ${spec.install.package} failed with exit code ${pip.exitCode} from ${where}`,
      pip.tail,
      'Check that the runner reaches the index (pip-index-url: a mirror the runner can reach), ' +
        `or install ${spec.executable} on the runner image.`,
    );
  }
  const shown = await runCommand(
    venvPython,
    [
      '-c',
      `import importlib.metadata as m; print(m.version(${JSON.stringify(spec.install.package)}))`,
    ],
    { env: request.env },
  );
  const version = shown.output.trim().split('\n').pop() ?? '';
  if (shown.exitCode !== 0 || !version) {
    fail(`pip reported success, but its version cannot be read`, shown.tail, 'Re-run the job.');
  }
  mkdirSync(path.join(folder, 'bin'));
  const launcher = path.join(folder, 'bin', spec.executable);
  writeFileSync(launcher, wrapper(spec, version));
  chmodSync(launcher, 0o755);
  return { folder, version };
}
