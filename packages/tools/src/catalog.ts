/**
 * The tools the old pipeline's workflows installed on the runner, and how each one is found,
 * asked for its version and installed when missing.
 */
import { InputError } from '@cat-actions/core';

export type ToolName = 'pipenv' | 'awscli' | 'session-manager-plugin';

export interface ToolSpec {
  name: ToolName;
  /** The command on PATH. */
  executable: string;
  /** pip: installed from a package index into its own environment; download: a .deb or archive. */
  install: { kind: 'pip'; package: string; module: string } | { kind: 'download' };
}

export const TOOLS: Record<ToolName, ToolSpec> = {
  pipenv: {
    name: 'pipenv',
    executable: 'pipenv',
    install: { kind: 'pip', package: 'pipenv', module: 'pipenv' },
  },
  awscli: {
    name: 'awscli',
    executable: 'aws',
    install: { kind: 'pip', package: 'awscli', module: 'awscli' },
  },
  'session-manager-plugin': {
    name: 'session-manager-plugin',
    executable: 'session-manager-plugin',
    install: { kind: 'download' },
  },
};

export const ALL_TOOLS = Object.keys(TOOLS) as ToolName[];

/** `pipenv, awscli session-manager-plugin` -> the specs, in the order given, each once. */
export function parseToolList(value: string, input = 'tools'): ToolSpec[] {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return [];
  const names = trimmed.split(/[\s,]+/).filter(Boolean);
  const unknown = names.filter((name) => !(name.toLowerCase() in TOOLS));
  if (unknown.length) {
    throw new InputError({
      input,
      received: value,
      expected: `tool names out of ${ALL_TOOLS.join(', ')} (separated by commas or blanks), or none; unknown: ${unknown.join(', ')}`,
      example: ALL_TOOLS.join(','),
    });
  }
  return [...new Set(names.map((name) => name.toLowerCase() as ToolName))].map((n) => TOOLS[n]);
}

/**
 * The tool cache keeps semantic versions (x.y.z): the plugin's 1.2.650.0 is cached as 1.2.650,
 * and the full version is still reported.
 */
export function cacheVersion(version: string): string {
  const numbers = version.match(/\d+/g) ?? [];
  if (numbers.length === 0) return '0.0.0';
  return [...numbers, '0', '0'].slice(0, 3).map(Number).join('.');
}

/** The first dotted version number in a tool's `--version` output ("pipenv, version 2024.4.1"). */
export function versionIn(output: string): string | undefined {
  return /\d+(?:\.\d+)+/.exec(output)?.[0];
}

/** AWS's published plugin packages for Debian/Ubuntu runners, by Node's `os.arch()`. */
export function defaultPluginUrl(arch: string): string {
  const folder = arch === 'arm64' ? 'ubuntu_arm64' : 'ubuntu_64bit';
  return `https://s3.amazonaws.com/session-manager-downloads/plugin/latest/${folder}/session-manager-plugin.deb`;
}
