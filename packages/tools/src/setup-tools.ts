/**
 * For each tool asked for: use the runner's own when it is on PATH and answers --version, else the
 * tool cache's, else install it (pip, or the plugin's package) into the tool cache. Every tool
 * ends up on PATH with its version printed; one that cannot be installed fails the step.
 */
import path from 'node:path';
import { cacheVersion, defaultPluginUrl, type ToolName, type ToolSpec, versionIn } from './catalog';
import { findOnPath, runCommand } from './commands';
import { ToolInstallError } from './errors';
import { pipCacheName, pythonVersion, stagePipTool } from './pip-install';
import { PLUGIN, stagePlugin } from './plugin-install';
import type { ToolCache, ToolHost } from './tool-cache';

export interface SetupToolsRequest {
  tools: ToolSpec[];
  /** Interpreter for pipenv/awscli environments, e.g. python3. */
  python: string;
  pipIndexUrl: string;
  /** Empty: AWS's .deb for the runner's architecture. */
  pluginUrl: string;
  /** Tools this runner does not need, with the reason to print (see toolsNotNeeded). */
  notNeeded?: Partial<Record<ToolName, string>>;
}

/**
 * A runner whose stages run with its own python3 (`CAT_STAGE_PYTHON=system` or `none`, run-stage's
 * python mode for the whole runner) never runs pipenv: installing it there is wasted, and
 * impossible on a machine without a package index.
 */
export function toolsNotNeeded(env: NodeJS.ProcessEnv): Partial<Record<ToolName, string>> {
  const mode = (env.CAT_STAGE_PYTHON ?? '').trim().toLowerCase();
  return mode === 'system' || mode === 'none'
    ? { pipenv: `not needed: stages run without pipenv here (CAT_STAGE_PYTHON=${mode})` }
    : {};
}

export type ToolSource = 'runner' | 'tool cache' | 'installed';

export interface ToolReport {
  tool: string;
  version: string;
  source: ToolSource;
  /** The executable that later steps run. */
  path: string;
}

/** The version an executable reports, or undefined when it does not run (a stale shim, say). */
async function reportedVersion(executable: string, env: NodeJS.ProcessEnv) {
  const result = await runCommand(executable, ['--version'], { env, timeoutMs: 60_000 });
  return result.exitCode === 0 ? (versionIn(result.output) ?? 'unknown') : undefined;
}

async function cacheNameOf(spec: ToolSpec, request: SetupToolsRequest, host: ToolHost) {
  if (spec.install.kind !== 'pip') return PLUGIN;
  return pipCacheName(spec.name, await pythonVersion(request.python, host.env));
}

/** pip tools keep their wrapper in bin/; the plugin's folder is the executable's own. */
const binOf = (spec: ToolSpec, folder: string) =>
  spec.install.kind === 'pip' ? path.join(folder, 'bin') : folder;

async function install(
  spec: ToolSpec,
  cacheName: string,
  request: SetupToolsRequest,
  host: ToolHost,
  cache: ToolCache,
): Promise<string> {
  if (spec.install.kind === 'pip') {
    host.info(`Installing ${spec.install.package} with pip...`);
    const staged = await stagePipTool({
      spec: spec as ToolSpec & { install: { kind: 'pip' } },
      python: request.python,
      indexUrl: request.pipIndexUrl,
      env: host.env,
      tempDir: host.tempDir,
      print: host.info,
    });
    return binOf(
      spec,
      await cache.cacheDir(staged.folder, cacheName, cacheVersion(staged.version)),
    );
  }
  const url = request.pluginUrl || defaultPluginUrl(host.arch);
  const executable = await stagePlugin(url, cache, {
    env: host.env,
    tempDir: host.tempDir,
    print: host.info,
  });
  const version = await reportedVersion(executable, host.env);
  if (!version) {
    throw new ToolInstallError(
      `Could not install ${PLUGIN}: the ${PLUGIN} in ${url} does not run on this runner ` +
        `(${host.arch}). Give session-manager-plugin-url the package for this architecture.`,
    );
  }
  return cache.cacheDir(path.dirname(executable), cacheName, cacheVersion(version));
}

async function setupOne(
  spec: ToolSpec,
  request: SetupToolsRequest,
  host: ToolHost,
  cache: ToolCache,
): Promise<ToolReport> {
  const onPath = findOnPath(spec.executable, host.env.PATH ?? '');
  if (onPath) {
    const version = await reportedVersion(onPath, host.env);
    if (version) {
      host.info(`${spec.executable} ${version} is on the runner (${onPath}).`);
      return { tool: spec.name, version, source: 'runner', path: onPath };
    }
    host.warning(
      `${onPath} is on PATH but \`${spec.executable} --version\` fails: setting ${spec.name} up instead.`,
    );
  }
  const cacheName = await cacheNameOf(spec, request, host);
  const cached = cache.find(cacheName, '*');
  const source: ToolSource = cached ? 'tool cache' : 'installed';
  const bin = cached ? binOf(spec, cached) : await install(spec, cacheName, request, host, cache);
  host.addPath(bin);
  const executable = path.join(bin, spec.executable);
  const version = await reportedVersion(executable, host.env);
  if (!version) {
    throw new ToolInstallError(
      `${spec.name} was ${source === 'installed' ? 'installed' : 'found in the tool cache'} at ` +
        `${bin}, but \`${spec.executable} --version\` fails there. Remove ${bin} from the ` +
        'runner (RUNNER_TOOL_CACHE) and re-run the job.',
    );
  }
  host.info(
    `${spec.executable} ${version} ${source === 'installed' ? 'installed' : 'from the tool cache'} (${bin}).`,
  );
  return { tool: spec.name, version, source, path: executable };
}

export async function setupTools(
  request: SetupToolsRequest,
  host: ToolHost,
  cache: ToolCache,
): Promise<ToolReport[]> {
  const reports: ToolReport[] = [];
  for (const spec of request.tools) {
    const skip = request.notNeeded?.[spec.name];
    if (skip) {
      host.info(`${spec.name}: ${skip}.`);
      continue;
    }
    reports.push(await host.group(spec.name, () => setupOne(spec, request, host, cache)));
  }
  return reports;
}
