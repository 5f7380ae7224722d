import type { Yaml } from '../../support/workflows';

/** One string somewhere in a workflow, with where it sits (`steps[3].with.dataset`). */
export interface Located {
  at: string;
  text: string;
}

/** Every string below `value`, keys included where they are expressions (they never are here). */
export function stringsIn(value: unknown, at = ''): Located[] {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value as Yaml).flatMap(([k, v]) => stringsIn(v, at ? `${at}.${k}` : k));
  }
  return [];
}

/**
 * The expressions a string holds: the bodies of `${{ ... }}`, and for an `if:` the whole string
 * when it has no braces (GitHub evaluates a bare condition as an expression).
 */
export function expressionsOf({ at, text }: Located): string[] {
  const bodies = [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1].trim());
  if (bodies.length === 0 && /(^|\.)if$/.test(at)) return [text.trim()];
  return bodies;
}

export type ReferenceKind = 'steps' | 'needs' | 'jobs' | 'inputs' | 'secrets' | 'matrix';

export interface Reference {
  kind: ReferenceKind;
  /** steps/needs/jobs: the step id or job id; otherwise the name. */
  owner: string;
  /** steps/needs/jobs: the output name. */
  name: string;
  at: string;
}

const PATTERNS: [ReferenceKind, RegExp][] = [
  ['steps', /(?<![\w.-])steps\.([\w-]+)\.outputs\.([\w-]+)/g],
  ['needs', /(?<![\w.-])needs\.([\w-]+)\.outputs\.([\w-]+)/g],
  ['jobs', /(?<![\w.-])jobs\.([\w-]+)\.outputs\.([\w-]+)/g],
  ['inputs', /(?<![\w.-])inputs\.([\w-]+)/g],
  ['secrets', /(?<![\w.-])secrets\.([\w-]+)/g],
  ['matrix', /(?<![\w.-])matrix\.([\w-]+)/g],
];

/** The context references (`steps.x.outputs.y`, `inputs.z`, ...) in every expression below `value`. */
export function referencesIn(value: unknown, at = ''): Reference[] {
  return stringsIn(value, at).flatMap((located) =>
    expressionsOf(located).flatMap((expression) =>
      PATTERNS.flatMap(([kind, pattern]) =>
        [...expression.matchAll(pattern)].map((m) =>
          kind === 'steps' || kind === 'needs' || kind === 'jobs'
            ? { kind, owner: m[1], name: m[2], at: located.at }
            : { kind, owner: m[1], name: m[1], at: located.at },
        ),
      ),
    ),
  );
}
