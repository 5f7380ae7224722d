import type { Measured } from './runners';

const MiB = 1024 * 1024;
export const RATIO_TARGET = 0.7;
export const MEMORY_TARGET = 150 * MiB;

export interface Round {
  upload: { ours: Measured; cli: Measured };
  download: { ours: Measured; cli: Measured };
}

export const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
export const secs = (s: number) => `${s.toFixed(2)} s`;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
const ratioOf = (pair: { ours: Measured; cli: Measured }) => pair.ours.seconds / pair.cli.seconds;

export function roundLine(run: number, r: Round): string {
  return (
    `run ${run}: upload ours ${secs(r.upload.ours.seconds)} / cli ${secs(r.upload.cli.seconds)} = ` +
    `${ratioOf(r.upload).toFixed(2)}; download ours ${secs(r.download.ours.seconds)} / cli ` +
    `${secs(r.download.cli.seconds)} = ${ratioOf(r.download).toFixed(2)}`
  );
}

/** The summary table: medians over rounds, ratios ours / CLI, peak memory and CPU. */
export function summaryTable(rounds: Round[]): string[] {
  const lines = [
    `| ${rounds.length} run(s), medians | ours: wall (in the call), CPU | aws s3 sync: wall, CPU | ratio ours/CLI (target <= ${RATIO_TARGET}) |`,
    '|---|---|---|---|',
  ];
  for (const phase of ['upload', 'download'] as const) {
    const pick = (tool: 'ours' | 'cli', field: keyof Measured) =>
      median(rounds.map((r) => r[phase][tool][field] ?? 0));
    const ratio = median(rounds.map((r) => ratioOf(r[phase])));
    lines.push(
      `| ${phase} | ${secs(pick('ours', 'seconds'))} (${secs(pick('ours', 'transferSeconds'))}), ` +
        `${secs(pick('ours', 'cpuSeconds'))} | ${secs(pick('cli', 'seconds'))}, ${secs(pick('cli', 'cpuSeconds'))} | ` +
        `${ratio.toFixed(2)} ${verdict(ratio <= RATIO_TARGET)} |`,
    );
  }
  const peak = (tool: 'ours' | 'cli') =>
    Math.max(...rounds.flatMap((r) => [r.upload[tool].maxRssBytes, r.download[tool].maxRssBytes]));
  lines.push(`| peak RSS | ${mib(peak('ours'))} | ${mib(peak('cli'))} | |`);
  return lines;
}

export function bigFileLine(size: number, upload: Measured, download: Measured): string {
  const peak = Math.max(upload.maxRssBytes, download.maxRssBytes);
  return (
    `| ${mib(size)} file, ours | upload ${secs(upload.seconds)}, peak RSS ${mib(upload.maxRssBytes)}; ` +
    `download ${secs(download.seconds)}, peak RSS ${mib(download.maxRssBytes)} | | ` +
    `${verdict(peak < MEMORY_TARGET)} (peak < ${mib(MEMORY_TARGET)}) |`
  );
}
