import { InputError, splitKeyValue } from '@cat-actions/core';

/** A POSIX environment variable name: what `bash` and Python's os.environ both accept. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isVariableName(name: string): boolean {
  return VARIABLE_NAME.test(name);
}

/**
 * The `env` input: one `KEY=VALUE` per line (`SAMPLE_SIZE=all`). Blank lines and `#` comments are
 * skipped; the value is everything after the first `=` (it may contain `=`), without surrounding blanks.
 * A malformed line is named by its number so a tenant finds it in a long block.
 */
export function parseEnvLines(text: string, input = 'env'): Record<string, string> {
  const variables: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const pair = splitKeyValue(line);
    const name = pair ? pair.key.trim() : '';
    if (!isVariableName(name)) {
      throw new InputError({
        input: `${input} (line ${index + 1})`,
        received: line,
        expected:
          'KEY=VALUE with KEY a variable name (letters, digits, _; not starting with a digit)',
        example: 'SAMPLE_SIZE=all',
      });
    }
    variables[name] = pair!.value.trim();
  });
  return variables;
}

/** What `.env` gave: its variables, and the lines that were not `KEY=VALUE` (skipped, by number). */
export interface DotEnv {
  variables: Record<string, string>;
  skippedLines: number[];
}

const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/**
 * A `.env` file as python-dotenv (and so `pipenv run`) reads it, so a tenant's file means here
 * what it meant in the old pipeline: `KEY=VALUE` or `export KEY=VALUE`; `#` lines and a ` #`
 * comment after an unquoted value are ignored; 'single quotes' are literal; "double quotes" take
 * \n, \t, \" and \\ and may span lines; `${NAME}` / `${NAME:-default}` in unquoted and
 * double-quoted values take an earlier variable of the file, else `lookup` (the environment).
 * Lines it cannot read are skipped, as python-dotenv does, and reported by number.
 */
export function parseDotEnv(
  text: string,
  lookup: (name: string) => string | undefined = () => undefined,
): DotEnv {
  const variables: Record<string, string> = {};
  const skippedLines: number[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const expand = (value: string) =>
    value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback) => {
      const found = name in variables ? variables[name] : lookup(name);
      return found !== undefined && found !== '' ? found : (fallback ?? '');
    });
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      skippedLines.push(index + 1);
      continue;
    }
    const [, name, rest] = match;
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) {
        skippedLines.push(index + 1);
        continue;
      }
      variables[name] = rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      // A double-quoted value may go on over the next lines until its closing quote.
      let body = rest.slice(1);
      const start = index;
      let closed = findClosingQuote(body);
      while (closed < 0 && index + 1 < lines.length) {
        index++;
        body += `\n${lines[index]}`;
        closed = findClosingQuote(body);
      }
      if (closed < 0) {
        skippedLines.push(start + 1);
        continue;
      }
      const unescaped = body
        .slice(0, closed)
        .replace(/\\(.)/g, (all, c: string) => DOUBLE_QUOTED_ESCAPES[c] ?? all);
      variables[name] = expand(unescaped);
    } else {
      variables[name] = expand(rest.replace(/\s+#.*$/, '').trim());
    }
  }
  return { variables, skippedLines };
}

function findClosingQuote(body: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === '"') return i;
  }
  return -1;
}
