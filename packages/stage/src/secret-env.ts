import { InputError } from '@cat-actions/core';
import { isVariableName } from './env-lines';

/**
 * The tenant's secret entries (from readSecretJson) as environment variables for the stage process
 * alone. Keys must be variable names: a key bash cannot address is a typo waiting to bite. Values
 * are never echoed in an error, only the key is.
 */
export function secretEnvironment(
  entries: Record<string, string>,
  secretName: string,
): Record<string, string> {
  for (const key of Object.keys(entries)) {
    if (!isVariableName(key)) {
      throw new InputError({
        input: 'secret-name',
        received: secretName,
        expected:
          `a secret whose keys are environment variable names; key ${JSON.stringify(key)} is not ` +
          '(letters, digits and _ only, not starting with a digit). Rename it in Secrets Manager',
        example: 'DB_PASSWORD',
      });
    }
  }
  return { ...entries };
}

/** Parts of a value (lines, JSON leaves) shorter than this are not masked on their own. */
const MIN_PART_LENGTH = 4;

/** String leaves of a JSON object or array value (a service-account key's private_key). */
function jsonLeaves(value: string): string[] {
  if (!/^\s*[{[]/.test(value)) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    return [];
  }
  const leaves: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') leaves.push(node);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(doc);
  // Very short leaves ("a", "id") would mask half the log and protect nothing.
  return leaves.filter((leaf) => leaf.trim().length >= MIN_PART_LENGTH);
}

/**
 * The strings a log must never show: each value, each line of a multi-line value (the runner
 * masks line by line, and so does the redactor), and the string leaves of a JSON value, which a
 * stage may print on their own.
 */
export function secretValues(variables: Record<string, string>): string[] {
  const values = new Set<string>();
  const add = (value: string) => {
    if (value.trim() === '') return;
    values.add(value);
    // Lines of a multi-line value, but not the very short ones ("}", "ab") that would mask half
    // the log.
    for (const line of value.split(/\r?\n/))
      if (line.trim().length >= MIN_PART_LENGTH) values.add(line);
  };
  for (const value of Object.values(variables)) {
    add(value);
    jsonLeaves(value).forEach(add);
  }
  // Longest first, so a value containing another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length);
}
