/**
 * `${{ }}` expressions, parsed and evaluated by GitHub's own implementation (@actions/expressions),
 * with the status functions (success, failure, always, cancelled) and hashFiles that only a
 * runner can answer supplied here.
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { falsy } from '@actions/expressions/result';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { TokenType } from '@actions/expressions/lexer';
import { hashFiles } from './hash-files';

/** A context value as plain JSON. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };
export type Contexts = Record<string, Value>;

/** What the status functions ask: how the job (or, for a job's `if:`, its needs) went so far. */
export interface RunStatus {
  /** An earlier step failed (in a job's `if:`: a needed job failed or was skipped). */
  failed: boolean;
  cancelled: boolean;
  /** A needed job was skipped: success() is false, failure() too (a job's `if:` only). */
  blocked?: boolean;
  /** The job's workspace, for hashFiles(). */
  workspace?: string;
}

const CONTEXT_NAMES = [
  'github',
  'env',
  'vars',
  'secrets',
  'inputs',
  'matrix',
  'needs',
  'steps',
  'job',
  'jobs',
  'runner',
  'strategy',
];
const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];

/** An expression GitHub would reject, or one that failed while being evaluated. */
export class ExpressionError extends Error {}

const toData = (value: Value | undefined): data.ExpressionData =>
  JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;

export const fromData = (value: data.ExpressionData): Value =>
  JSON.parse(JSON.stringify(value, data.replacer)) as Value;

function runnerFunctions(status: RunStatus): Map<string, FunctionDefinition> {
  const fixed = (name: string, result: () => boolean): FunctionDefinition => ({
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(result()),
  });
  return new Map<string, FunctionDefinition>([
    ['success', fixed('success', () => !status.failed && !status.cancelled && !status.blocked)],
    ['failure', fixed('failure', () => status.failed)],
    ['always', fixed('always', () => true)],
    ['cancelled', fixed('cancelled', () => status.cancelled)],
    [
      'hashfiles',
      {
        name: 'hashFiles',
        minArgs: 1,
        maxArgs: 255,
        call: (...patterns) =>
          new data.StringData(
            hashFiles(
              status.workspace ?? process.cwd(),
              patterns.map((p) => p.coerceString()),
            ),
          ),
      },
    ],
  ]);
}

function parse(source: string) {
  try {
    const { tokens } = new Lexer(source).lex();
    const functions = [...runnerFunctions({ failed: false, cancelled: false }).values()];
    return { tree: new Parser(tokens, CONTEXT_NAMES, functions).parse(), tokens };
  } catch (error) {
    throw new ExpressionError(`${(error as Error).message} in expression: ${source.trim()}`);
  }
}

/** The value of one expression (the text between `${{` and `}}`). */
export function evaluate(source: string, contexts: Contexts, status?: RunStatus): Value {
  const { tree } = parse(source);
  const context = new data.Dictionary(
    ...CONTEXT_NAMES.map((key) => ({ key, value: toData(contexts[key] ?? {}) })),
  );
  try {
    const functions = runnerFunctions(status ?? { failed: false, cancelled: false });
    return fromData(new Evaluator(tree, context, functions).evaluate());
  } catch (error) {
    throw new ExpressionError(`${(error as Error).message} in expression: ${source.trim()}`);
  }
}

/** How a value reads when it lands in a string, as the runner writes it. */
export function toText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  if (typeof value === 'number') return new data.NumberData(value).coerceString();
  return String(value);
}

const WHOLE = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/;
const EMBEDDED = /\$\{\{([\s\S]*?)\}\}/g;

/** A workflow string with its `${{ }}` replaced by their values. */
export function interpolate(text: string, contexts: Contexts, status?: RunStatus): string {
  return text.replace(EMBEDDED, (_all, body: string) => toText(evaluate(body, contexts, status)));
}

/**
 * A workflow value as the runner reads it: a string that is one `${{ }}` keeps the expression's
 * type (a list from fromJSON, a number), any other string is interpolated; lists and mappings
 * are rendered item by item.
 */
export function render(value: unknown, contexts: Contexts, status?: RunStatus): Value {
  if (Array.isArray(value)) return value.map((item) => render(item, contexts, status));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, render(v, contexts, status)]),
    );
  }
  if (typeof value !== 'string') return (value ?? null) as Value;
  const whole = WHOLE.exec(value);
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1], contexts, status);
  return interpolate(value, contexts, status);
}

/** A display text (a job's name); when it cannot be evaluated, the raw text, not a failure. */
export function renderTextOr(value: unknown, contexts: Contexts, fallback: string): string {
  try {
    return toText(render(value, contexts));
  } catch {
    return fallback;
  }
}

/** A map of `with:`/`env:`/`outputs:` values rendered to strings. */
export function renderStrings(
  map: Record<string, unknown> | undefined,
  contexts: Contexts,
  status?: RunStatus,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map ?? {}).map(([k, v]) => [k, toText(render(v, contexts, status))]),
  );
}

/** Whether an expression calls a status function (else GitHub adds `success() &&`). */
function callsStatusFunction(source: string): boolean {
  const { tokens } = parse(source);
  return tokens.some(
    (token, i) =>
      token.type === TokenType.IDENTIFIER &&
      STATUS_FUNCTIONS.includes(token.lexeme.toLowerCase()) &&
      tokens[i + 1]?.type === TokenType.LEFT_PAREN,
  );
}

/** An `if:`, bare or in `${{ }}`; absent means `success()`. */
export function condition(text: unknown, contexts: Contexts, status: RunStatus): boolean {
  if (text === undefined || text === null || text === '') text = 'success()';
  if (typeof text === 'boolean')
    return text && !status.failed && !status.cancelled && !status.blocked;
  const source = String(text).trim();
  const whole = WHOLE.exec(source);
  const body = whole ? whole[1] : source;
  const guarded = callsStatusFunction(body) ? body : `success() && (${body})`;
  return !falsy(toData(evaluate(guarded, contexts, status)));
}
