/**
 * What the demo prints while it runs: one line per step with ✓ / ✗ / – and its duration, the step's
 * log only with --verbose (or the last lines of a failing step), and section headings.
 */
export type Mark = 'ok' | 'failed' | 'skipped' | 'unavailable' | 'expected-failure';

const SYMBOL: Record<Mark, string> = {
  ok: '✓',
  failed: '✗',
  skipped: '–',
  unavailable: '○',
  'expected-failure': '✗',
};

export interface StepLine {
  mark: Mark;
  id: string;
  text: string;
  durationMs?: number;
  note?: string;
}

export class Progress {
  readonly lines: StepLine[] = [];

  constructor(
    private readonly write: (text: string) => void,
    readonly verbose: boolean,
  ) {}

  heading(text: string): void {
    this.write(`\n▶ ${text}\n`);
  }

  info(text: string): void {
    this.write(`  ${text}\n`);
  }

  /** With --verbose, where a step's log starts. */
  starting(text: string): void {
    if (this.verbose) this.write(`  ▸ ${text}\n`);
  }

  /** A line of a running step's log (shown with --verbose only). */
  log(line: string): void {
    if (this.verbose) this.write(`      │ ${line}\n`);
  }

  step(line: StepLine): void {
    this.lines.push(line);
    const time = line.durationMs === undefined ? '' : ` ${formatDuration(line.durationMs)}`;
    const note = line.note ? `  (${line.note})` : '';
    this.write(`  ${SYMBOL[line.mark]} ${line.text.padEnd(46)}${time.padStart(7)}${note}\n`);
  }

  /** A step's `::warning::` and `::notice::` lines, shown under its line even when it passed. */
  warnings(log: string): void {
    if (this.verbose) return;
    for (const line of log.split('\n').filter((l) => /^::(warning|notice)/.test(l))) {
      const shown = showCommand(line);
      const mark = shown.startsWith('notice: ') ? 'ℹ' : '⚠';
      this.write(`      ${mark} ${shown.replace(/^(warning|notice): /, '')}\n`);
    }
  }

  /**
   * Why a step failed, without --verbose: its `::error::` lines (the actions put the cause and the
   * stage's last lines there), else the last lines of its log.
   */
  tail(log: string, count = 8): void {
    if (this.verbose) return;
    const lines = log
      .split('\n')
      .filter((l) => l.trim() && !/^::(add-mask|group|endgroup)::/.test(l));
    const errors = lines.filter((l) => l.startsWith('::error'));
    const shown = (errors.length ? errors : lines.slice(-count)).flatMap((l) =>
      showCommand(l).split('\n'),
    );
    for (const line of shown) this.write(`      │ ${line}\n`);
  }

  raw(text: string): void {
    this.write(text);
  }
}

export function formatDuration(ms: number): string {
  // Below what rounds to 60.0 s, tenths of a second; from there, minutes and seconds.
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** `::error title=x::a%0Ab` as the runner shows it: `error: a` / `b`. */
export function showCommand(line: string): string {
  const command = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
  if (!command) return line;
  const text = command[2].replace(/%0D/g, '').replace(/%0A/g, '\n').replace(/%25/g, '%');
  return `${command[1]}: ${text}`;
}
