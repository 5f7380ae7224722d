/**
 * Replaces secret values in text that leaves the process: the live log (so even the runner's raw
 * stream never carries them), the stage log uploaded to S3, and the last lines a failure alert
 * carries.
 *
 * What is redacted, for each secret value:
 * - the value itself, and each line of a multi-line value of 4 or more characters, wherever they
 *   appear in a line;
 * - their encoded forms, wherever they appear: URL-encoded (encodeURIComponent, encodeURI, RFC
 *   3986 and Python's quote, form encoding with `+` for spaces; upper- and lower-case hex),
 *   base64 and base64url (at each of the 3 alignments the value can have inside a longer
 *   encoded text), and JSON string escaping (also with non-ASCII as \uXXXX and `\/`);
 * - each line of 1 to 3 characters of a multi-line value that holds a letter or digit, when it is
 *   a whole log line on its own (how `echo "$KEY"` or a traceback prints it). Inside a longer line
 *   such a fragment is left alone: matching "ab" or "7" everywhere would garble the log while
 *   hiding at most 3 characters of the secret.
 * Encoded forms shorter than 4 characters are not searched for (they would match everywhere).
 */
export const REDACTED = '***';

/** Lines of a multi-line value shorter than this are redacted only as whole log lines. */
export const MIN_FRAGMENT_LENGTH = 4;

const hexCase = (encoded: string) => [
  encoded,
  encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
];

/** Percent-encodes the UTF-8 bytes of every character not in `keep`. */
function percentEncode(value: string, keep: RegExp, space: '%20' | '+'): string {
  let out = '';
  for (const char of value) {
    if (char === ' ') out += space;
    else if (keep.test(char)) out += char;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The URL encodings tools commonly apply: JS, Python (quote, quote_plus), HTML forms. */
function urlForms(value: string): string[] {
  const forms = [
    encodeURI(value),
    encodeURIComponent(value),
    percentEncode(value, /[A-Za-z0-9\-_.~]/, '%20'), // RFC 3986, Python quote(safe='')
    percentEncode(value, /[A-Za-z0-9\-_.~/]/, '%20'), // Python quote()
    percentEncode(value, /[A-Za-z0-9\-_.~]/, '+'), // Python quote_plus
    new URLSearchParams({ v: value }).toString().slice(2), // HTML forms, URLSearchParams
  ];
  return forms.flatMap(hexCase);
}

/**
 * The part of base64(value) that does not depend on its neighbours, for each of the 3 byte
 * offsets the value can start at inside a longer encoded text: the characters whose 6 bits all
 * come from the value's bytes.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const first = Math.ceil((8 * shift) / 6);
    const end = Math.floor((8 * (shift + bytes.length)) / 6);
    const core = encoded.slice(first, end);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/** JSON string escaping as JSON.stringify does it, as Python's json.dumps does, and with `\/`. */
function jsonForms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  const ascii = escaped.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return [escaped, ascii, escaped.replace(/\//g, '\\/')];
}

/** Every form of `value` the redactor searches for, itself first. */
export function encodedForms(value: string): string[] {
  const forms = new Set([value]);
  for (const form of [...urlForms(value), ...base64Cores(value), ...jsonForms(value)])
    if (form.length >= MIN_FRAGMENT_LENGTH) forms.add(form);
  return [...forms];
}

/** Short lines of multi-line values worth hiding when printed alone: they hold a letter or digit. */
function shortLines(values: readonly string[]): string[] {
  const lines = new Set<string>();
  for (const value of values) {
    const parts = value.split(/\r?\n/);
    if (parts.length < 2) continue;
    for (const part of parts) {
      const line = part.trim();
      if (line.length && line.length < MIN_FRAGMENT_LENGTH && /[\p{L}\p{N}]/u.test(line))
        lines.add(line);
    }
  }
  return [...lines];
}

export class SecretRedactor {
  /** Searched anywhere in a line, longest first so a containing value goes whole. */
  private readonly needles: string[];
  /** Redacted when they are a whole line (trimmed). */
  private readonly wholeLines: Set<string>;

  /** `values` as from secretValues(): the values, their longer lines and their JSON leaves. */
  constructor(values: readonly string[]) {
    const present = values.filter((v) => v !== '');
    this.needles = [...new Set(present.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
    this.wholeLines = new Set(shortLines(present));
  }

  redact(text: string): string {
    let out = text;
    for (const needle of this.needles) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    if (this.wholeLines.size && this.wholeLines.has(out.trim())) return REDACTED;
    return out;
  }
}
