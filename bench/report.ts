import { median } from './paired';
import type { Measured } from './runners';

const MiB = 1024 * 1024;
/** Issue 14's targets: ours / aws s3 sync wall time, and peak RSS of any transfer. */
export const SMALL_FILES_TARGET = 0.4;
export const OVERALL_TARGET = 0.6;
export const MEMORY_TARGET = 100 * MiB;

export interface Pair {
  ours: Measured;
  cli: Measured;
}

/** One round: each dataset shape uploaded and downloaded by each tool. */
export type Round = Record<string, { upload: Pair; download: Pair }>;

export const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
export const secs = (s: number) => `${s.toFixed(2)} s`;
export { median };

const ratioOf = (pair: Pair) => pair.ours.seconds / pair.cli.seconds;

export function roundLine(run: number, round: Round): string {
  return `run ${run}: ${Object.entries(round)
    .flatMap(([shape, r]) =>
      (['upload', 'download'] as const).map(
        (phase) =>
          `${shape} ${phase} ${secs(r[phase].ours.seconds)} / ${secs(r[phase].cli.seconds)} = ${ratioOf(r[phase]).toFixed(2)}`,
      ),
    )
    .join('; ')}`;
}

/** Medians over rounds: wall and CPU of each tool, the ratio (median of per-round ratios), RSS. */
export function transferTable(rounds: Round[], targets: Record<string, number>): string[] {
  const lines = [
    `| ${rounds.length} rounds, medians | ours (run-stage): wall, CPU, peak RSS | aws s3 sync: wall, CPU, peak RSS | ratio ours/CLI, wall (CPU) | s3rver's CPU during ours / theirs | target |`,
    '|---|---|---|---|---|---|',
  ];
  for (const shape of Object.keys(rounds[0] ?? {})) {
    for (const phase of ['upload', 'download'] as const) {
      const pairs = rounds.map((r) => r[shape][phase]);
      const pick = (tool: 'ours' | 'cli', field: 'seconds' | 'cpuSeconds' | 'serverCpuSeconds') =>
        median(pairs.map((p) => p[tool][field] ?? 0));
      const peak = (tool: 'ours' | 'cli') => Math.max(...pairs.map((p) => p[tool].maxRssBytes));
      const ratio = median(pairs.map(ratioOf));
      const cpuRatio = median(pairs.map((p) => (p.ours.cpuSeconds ?? 0) / (p.cli.cpuSeconds ?? 1)));
      const target = targets[shape];
      lines.push(
        `| ${shape}, ${phase} | ${secs(pick('ours', 'seconds'))}, ${secs(pick('ours', 'cpuSeconds'))} CPU, ${mib(peak('ours'))} | ` +
          `${secs(pick('cli', 'seconds'))}, ${secs(pick('cli', 'cpuSeconds'))} CPU, ${mib(peak('cli'))} | ` +
          `**${ratio.toFixed(2)}x** (${cpuRatio.toFixed(2)}x) | ` +
          `${secs(pick('ours', 'serverCpuSeconds'))} / ${secs(pick('cli', 'serverCpuSeconds'))} | ` +
          `${ratio <= target ? 'met' : '**missed**'}: <= ${target}x; ` +
          `${peak('ours') < MEMORY_TARGET ? 'met' : '**missed**'}: peak < ${mib(MEMORY_TARGET)} |`,
      );
    }
  }
  return lines;
}

export function bigFileLine(size: number, upload: Measured, download: Measured): string {
  const peak = Math.max(upload.maxRssBytes, download.maxRssBytes);
  return (
    `| one ${mib(size)} file, ours (run-stage) | upload ${secs(upload.seconds)}, ${secs(upload.cpuSeconds ?? 0)} CPU, ` +
    `peak RSS ${mib(upload.maxRssBytes)}; download ${secs(download.seconds)}, ` +
    `${secs(download.cpuSeconds ?? 0)} CPU, peak RSS ${mib(download.maxRssBytes)} | | | | ` +
    `${peak < MEMORY_TARGET ? 'met' : '**missed**'}: peak < ${mib(MEMORY_TARGET)} |`
  );
}
