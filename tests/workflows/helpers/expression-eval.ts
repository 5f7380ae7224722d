/**
 * GitHub Actions expressions, the part the workflows here use: literals, context paths
 * (`steps.x.outputs.y`, `inputs['a-b']`), `! == != < > <= >= && ||`, parentheses, and the
 * functions contains, startsWith, endsWith, format, fromJSON, toJSON, success, failure, always,
 * cancelled. `&&` and `||` return an operand, as GitHub's do; string comparisons ignore case.
 */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };
export type Contexts = Record<string, Value>;
export interface JobStatus {
  failed: boolean;
}

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|('(?:[^']|'')*')|(&&|\|\||==|!=|<=|>=|[!<>().,[\]])|([A-Za-z_][\w-]*))/y;

type Token = { kind: 'number' | 'string' | 'op' | 'name'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new SyntaxError(`Unexpected "${source.slice(at)}" in expression: ${source}`);
    if (m[1] !== undefined) tokens.push({ kind: 'number', text: m[1] });
    else if (m[2] !== undefined)
      tokens.push({ kind: 'string', text: m[2].slice(1, -1).replace(/''/g, "'") });
    else if (m[3] !== undefined) tokens.push({ kind: 'op', text: m[3] });
    else tokens.push({ kind: 'name', text: m[4] });
  }
  return tokens;
}

export const truthy = (v: Value) =>
  !(v === null || v === false || v === 0 || v === '' || Number.isNaN(v));

export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const toNumber = (v: Value): number =>
  v === null
    ? 0
    : typeof v === 'boolean'
      ? Number(v)
      : typeof v === 'number'
        ? v
        : v === ''
          ? 0
          : Number(v);

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b || a === null || b === null) return a === b;
  return toNumber(a) === toNumber(b);
}

function compare(op: string, a: Value, b: Value): boolean {
  const [x, y] =
    typeof a === 'string' && typeof b === 'string'
      ? [a.toLowerCase(), b.toLowerCase()]
      : [toNumber(a), toNumber(b)];
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

function call(name: string, args: Value[], status: JobStatus): Value {
  const text = (i: number) => toText(args[i] ?? null).toLowerCase();
  switch (name.toLowerCase()) {
    case 'contains':
      return Array.isArray(args[0])
        ? args[0].some((v) => equal(v, args[1] ?? null))
        : text(0).includes(text(1));
    case 'startswith':
      return text(0).startsWith(text(1));
    case 'endswith':
      return text(0).endsWith(text(1));
    case 'format':
      return toText(args[0] ?? null).replace(/\{(\d+)\}/g, (_m, i) =>
        toText(args[Number(i) + 1] ?? null),
      );
    case 'fromjson':
      return JSON.parse(toText(args[0] ?? null)) as Value;
    case 'tojson':
      return JSON.stringify(args[0] ?? null, null, 2);
    case 'success':
      return !status.failed;
    case 'failure':
      return status.failed;
    case 'always':
      return true;
    case 'cancelled':
      return false;
    default:
      throw new SyntaxError(`Unknown function ${name}()`);
  }
}

export function evaluate(
  source: string,
  contexts: Contexts,
  status: JobStatus = { failed: false },
): Value {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (text?: string) =>
    text === undefined ? tokens[i] : tokens[i]?.text === text ? tokens[i] : undefined;
  const expect = (text: string) => {
    if (tokens[i]?.text !== text)
      throw new SyntaxError(`Expected "${text}" in expression: ${source}`);
    i++;
  };

  // Both operands are always parsed (and so evaluated): nothing here has side effects.
  const binary =
    (next: () => Value, ops: string[], apply: (op: string, a: Value, b: Value) => Value) => () => {
      let left = next();
      while (tokens[i]?.kind === 'op' && ops.includes(tokens[i].text)) {
        const op = tokens[i++].text;
        left = apply(op, left, next());
      }
      return left;
    };

  function primary(): Value {
    const token = tokens[i++];
    if (!token) throw new SyntaxError(`Unexpected end of expression: ${source}`);
    let value: Value;
    if (token.kind === 'number') value = Number(token.text);
    else if (token.kind === 'string') value = token.text;
    else if (token.text === '(') {
      value = or();
      expect(')');
    } else if (token.text === '!') return !truthy(primary());
    else if (token.kind === 'name' && peek('(')) {
      i++;
      const args: Value[] = [];
      while (!peek(')')) {
        args.push(or());
        if (peek(',')) i++;
      }
      expect(')');
      value = call(token.text, args, status);
    } else if (token.kind === 'name') {
      const lower = token.text.toLowerCase();
      value =
        lower === 'true'
          ? true
          : lower === 'false'
            ? false
            : lower === 'null'
              ? null
              : (contexts[token.text] ?? null);
    } else throw new SyntaxError(`Unexpected "${token.text}" in expression: ${source}`);
    for (;;) {
      let key: Value;
      if (peek('.')) {
        i++;
        key = tokens[i++]?.text ?? '';
      } else if (peek('[')) {
        i++;
        key = or();
        expect(']');
      } else return value;
      value =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? (value[toText(key)] ?? null)
          : Array.isArray(value)
            ? (value[toNumber(key)] ?? null)
            : null;
    }
  }

  const comparison = binary(primary, ['<', '>', '<=', '>='], (op, a, b) => compare(op, a, b));
  const equality = binary(comparison, ['==', '!='], (op, a, b) =>
    op === '==' ? equal(a, b) : !equal(a, b),
  );
  const and = binary(equality, ['&&'], (_op, a, b) => (truthy(a) ? b : a));
  const or: () => Value = binary(and, ['||'], (_op, a, b) => (truthy(a) ? a : b));

  const result = or();
  if (i < tokens.length)
    throw new SyntaxError(`Unexpected "${tokens[i].text}" in expression: ${source}`);
  return result;
}

/** A workflow string with its `${{ }}` replaced by their values, as the runner renders it. */
export function interpolate(text: string, contexts: Contexts, status?: JobStatus): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, body: string) =>
    toText(evaluate(body, contexts, status)),
  );
}

/** An `if:`: bare or wrapped in `${{ }}`; absent means success(). */
export function condition(text: unknown, contexts: Contexts, status: JobStatus): boolean {
  if (text === undefined || text === null) return !status.failed;
  const body = String(text)
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const usesStatus = /\b(success|failure|always|cancelled)\s*\(/.test(body);
  return truthy(evaluate(usesStatus ? body : `success() && (${body})`, contexts, status));
}
