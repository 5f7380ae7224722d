import { InputError } from '@cat-actions/core';

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
    const equals = line.indexOf('=');
    const name = equals > 0 ? line.slice(0, equals).trim() : '';
    if (!isVariableName(name)) {
      throw new InputError({
        input: `${input} (line ${index + 1})`,
        received: line,
        expected:
          'KEY=VALUE with KEY a variable name (letters, digits, _; not starting with a digit)',
        example: 'SAMPLE_SIZE=all',
      });
    }
    variables[name] = line.slice(equals + 1).trim();
  });
  return variables;
}
