import { splitKeyValue } from '@cat-actions/core';

/**
 * Reads the files a runner hands to an action (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE): lines of
 * `name=value`, or `name<<DELIMITER` / value lines / `DELIMITER` for multi-line values.
 */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`file command ${name}: no closing delimiter ${delimiter}`);
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const pair = splitKeyValue(line);
    if (pair?.key) values[pair.key] = pair.value;
  }
  return values;
}

/** Hides every value an action registered with `::add-mask::`, as the runner does in its log. */
export class LogMasker {
  private readonly secrets = new Set<string>();

  /** Starts with these values masked (a workflow's secrets). */
  constructor(values: Iterable<string> = []) {
    for (const value of values) this.add(value);
  }

  /** Masks a value from now on; a multi-line value is masked line by line, as the runner does. */
  add(value: string): void {
    for (const line of value.split(/\r?\n/)) if (line.trim()) this.secrets.add(line);
  }

  /** Replaces every masked value in a text (a summary, an output) by ***. */
  mask(text: string): string {
    let shown = text;
    for (const secret of this.secrets) shown = shown.split(secret).join('***');
    return shown;
  }

  /** Registers masks found in `line` and returns the line as the runner would show it. */
  apply(line: string): string {
    const mask = /^::add-mask::(.*)$/.exec(line.trim());
    if (mask) {
      if (mask[1]) this.add(mask[1]);
      return '::add-mask::***';
    }
    return this.mask(line);
  }
}
