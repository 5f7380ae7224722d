/**
 * The Session Manager plugin, from AWS's .deb (the old pipeline's session-manager-plugin.deb) or
 * a .tar.gz/.zip holding the `session-manager-plugin` executable. The .deb is unpacked with
 * dpkg-deb, never installed with dpkg -i: no root needed, nothing outside the tool cache changes.
 */
import { chmodSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TransientError } from '@cat-actions/core';
import { runCommand } from './commands';
import { ToolInstallError } from './errors';
import type { ToolCache } from './tool-cache';

export const PLUGIN = 'session-manager-plugin';

/**
 * The plugin is ~5 MB: a download still running after this long is stuck (a runner without a
 * route out can hang on connect), and the job's timeout would end it with no message at all.
 */
export const DOWNLOAD_DEADLINE_MS = 180_000;

function withDeadline<T>(work: Promise<T>, ms: number, url: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new TransientError(`no answer from ${new URL(url).host} within ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export type ArchiveKind = 'deb' | 'tar' | 'zip';

/** By the URL's path: .deb, .tar.gz/.tgz/.tar, .zip. */
export function archiveKind(url: string): ArchiveKind | undefined {
  const name = (URL.canParse(url) ? new URL(url).pathname : url).toLowerCase();
  if (name.endsWith('.deb')) return 'deb';
  if (/\.(tar\.gz|tgz|tar)$/.test(name)) return 'tar';
  if (name.endsWith('.zip')) return 'zip';
  return undefined;
}

/** The executable in an unpacked package: `usr/local/sessionmanagerplugin/bin/...` in the .deb. */
function findExecutable(root: string, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  const entries = readdirSync(root, { withFileTypes: true });
  const direct = entries.find((e) => e.name === PLUGIN && !e.isDirectory());
  if (direct) return path.join(root, direct.name);
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const found = findExecutable(path.join(root, entry.name), depth + 1);
    if (found) return found;
  }
  return undefined;
}

export async function stagePlugin(
  url: string,
  cache: ToolCache,
  context: { env: NodeJS.ProcessEnv; tempDir: string; print: (line: string) => void },
): Promise<string> {
  const kind = archiveKind(url);
  if (!kind) {
    throw new ToolInstallError(
      `Could not install ${PLUGIN}: ${url} is not a .deb, .tar.gz or .zip. Give ` +
        'session-manager-plugin-url a package of one of these kinds.',
    );
  }
  context.print(`Downloading ${url}`);
  let file: string;
  try {
    file = await withDeadline(cache.downloadTool(url), DOWNLOAD_DEADLINE_MS, url);
  } catch (error) {
    throw new ToolInstallError(
      `Could not install ${PLUGIN}: downloading ${url} failed: ${(error as Error).message}. ` +
        'Check the URL (session-manager-plugin-url) and that the runner reaches it, or install ' +
        'the plugin on the runner image.',
      { cause: error },
    );
  }
  let unpacked: string;
  if (kind === 'deb') {
    unpacked = mkdtempSync(path.join(context.tempDir, 'setup-tools-plugin-'));
    const result = await runCommand('dpkg-deb', ['-x', file, unpacked], { env: context.env });
    if (result.exitCode !== 0) {
      throw new ToolInstallError(
        `Could not install ${PLUGIN}: dpkg-deb -x failed with exit code ${result.exitCode} on ` +
          `${url}: ${result.tail.join(' | ')}. A runner without dpkg-deb needs a .tar.gz or .zip ` +
          'URL (session-manager-plugin-url).',
      );
    }
  } else {
    try {
      unpacked = kind === 'tar' ? await cache.extractTar(file) : await cache.extractZip(file);
    } catch (error) {
      throw new ToolInstallError(
        `Could not install ${PLUGIN}: ${url} could not be unpacked: ${(error as Error).message}.`,
        { cause: error },
      );
    }
  }
  const executable = findExecutable(unpacked);
  if (!executable || !statSync(executable).isFile()) {
    throw new ToolInstallError(
      `Could not install ${PLUGIN}: ${url} holds no file named ${PLUGIN}. Give ` +
        'session-manager-plugin-url the plugin package for this runner.',
    );
  }
  chmodSync(executable, 0o755);
  return executable;
}
