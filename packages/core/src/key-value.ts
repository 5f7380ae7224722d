/**
 * `KEY=VALUE` split at the first `=`, so a value may hold `=` itself (URLs, base64). Undefined
 * when there is no `=`. Each caller decides what a valid key is (a variable name, a field label)
 * and what a malformed line means for it.
 */
export function splitKeyValue(text: string): { key: string; value: string } | undefined {
  const equals = text.indexOf('=');
  if (equals < 0) return undefined;
  return { key: text.slice(0, equals), value: text.slice(equals + 1) };
}
