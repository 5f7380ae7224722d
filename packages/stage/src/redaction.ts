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
 *   a whole log line on its own (how `echo "$KEY"` or a traceback prints it), and a short first
 *   or last line where the value is printed across lines with text before or after it
 *   (`key=ab` followed by the value's next line: LineStreamRedactor). Anywhere else such a
 *   fragment is left alone: matching "ab" or "7" everywhere would garble the log while hiding at
 *   most 3 characters of the secret.
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

/** A multi-line value whose first or last line is short: it needs its neighbour lines to be seen. */
interface SpanningValue {
  lines: string[];
}

export class SecretRedactor {
  /** Searched anywhere in a line. */
  private readonly needles: string[];
  private readonly anyNeedle: RegExp | undefined;
  /** Redacted when they are a whole line (trimmed). */
  private readonly wholeLines: Set<string>;
  /** Multi-line values with a short first or last line (see LineStreamRedactor). */
  readonly spanning: SpanningValue[];

  /** `values` as from secretValues(): the values, their longer lines and their JSON leaves. */
  constructor(values: readonly string[]) {
    const present = values.filter((v) => v !== '');
    this.needles = [...new Set(present.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
    // One alternation of literals: V8 answers "any secret in this line?" about 100 times faster
    // than a search per needle, and most lines hold none.
    this.anyNeedle = this.needles.length
      ? new RegExp(this.needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))
      : undefined;
    this.wholeLines = new Set(shortLines(present));
    this.spanning = present
      .map((value) => value.split(/\r?\n/))
      .filter(
        (lines) =>
          lines.length > 1 &&
          [lines[0], lines[lines.length - 1]].some(
            (line) => line.length > 0 && line.length < MIN_FRAGMENT_LENGTH,
          ),
      )
      .map((lines) => ({ lines }));
  }

  redact(text: string): string {
    const out = this.anyNeedle?.test(text) ? this.replaceNeedles(text) : text;
    if (this.wholeLines.size && this.wholeLines.has(out.trim())) return REDACTED;
    return out;
  }

  /**
   * Every occurrence of every needle, overlapping ones merged, each span replaced once: so two
   * secrets that overlap in the text leave no piece of either.
   */
  private replaceNeedles(text: string): string {
    const spans: [number, number][] = [];
    for (const needle of this.needles) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1))
        spans.push([at, at + needle.length]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    let out = '';
    let done = 0;
    for (let i = 0; i < spans.length;) {
      const start = spans[i][0];
      let end = spans[i][1];
      for (i++; i < spans.length && spans[i][0] < end; i++) end = Math.max(end, spans[i][1]);
      out += text.slice(done, start) + REDACTED;
      done = end;
    }
    return out + text.slice(done);
  }
}

/**
 * Redacts one output stream line by line, and also what a line alone cannot show: a multi-line
 * value printed after other text (`key=ab` then the value's next line) or followed by text on its
 * last line, where that first or last line is too short to be searched for on its own. A line
 * that ends with such a first line is held back until the next line shows whether the value goes
 * on there (at most one line, released by the next one or by flush()).
 */
export class LineStreamRedactor {
  private held: string | undefined;
  private previous: string | undefined;

  constructor(
    private readonly redactor: SecretRedactor,
    private readonly emit: (line: string) => void,
  ) {}

  push(raw: string): void {
    let line = raw;
    let prefixRedacted = false;
    if (this.held !== undefined) {
      const held = this.held;
      this.held = undefined;
      const first = this.continuedFirstLine(held, raw);
      this.emit(
        first === undefined
          ? this.redactor.redact(held)
          : `${this.redactor.redact(held.slice(0, held.length - first.length))}${REDACTED}`,
      );
    }
    // A short last line of a value, at the start of this line, after the value's line before it.
    const last = this.endingLastLine(this.previous, raw);
    if (last !== undefined) {
      line = raw.slice(last.length);
      prefixRedacted = true;
    }
    this.previous = raw;
    if (!prefixRedacted && this.mayBeginValue(raw)) {
      this.held = raw;
      return;
    }
    this.emit(
      prefixRedacted ? `${REDACTED}${this.redactor.redact(line)}` : this.redactor.redact(line),
    );
  }

  /** Releases a held line: the stream ended. */
  flush(): void {
    if (this.held !== undefined) this.emit(this.redactor.redact(this.held));
    this.held = undefined;
  }

  private mayBeginValue(line: string): boolean {
    return this.redactor.spanning.some(({ lines }) => {
      const first = lines[0];
      return (
        first.length > 0 &&
        first.length < MIN_FRAGMENT_LENGTH &&
        line.endsWith(first) &&
        line !== first
      );
    });
  }

  /** The short first line `held` ends with, when `next` is how its value goes on. */
  private continuedFirstLine(held: string, next: string): string | undefined {
    for (const { lines } of this.redactor.spanning) {
      const [first, second] = lines;
      const continues = lines.length === 2 ? next.startsWith(second) : next === second;
      if (first.length < MIN_FRAGMENT_LENGTH && held.endsWith(first) && continues) return first;
    }
    return undefined;
  }

  /** The short last line `line` starts with, when `previous` was the value's line before it. */
  private endingLastLine(previous: string | undefined, line: string): string | undefined {
    if (previous === undefined) return undefined;
    for (const { lines } of this.redactor.spanning) {
      const last = lines[lines.length - 1];
      const before = lines[lines.length - 2];
      const after = lines.length === 2 ? previous.endsWith(before) : previous === before;
      if (
        last.length > 0 &&
        last.length < MIN_FRAGMENT_LENGTH &&
        line.startsWith(last) &&
        line !== last &&
        after
      )
        return last;
    }
    return undefined;
  }
}
