/**
 * A job's `strategy`: the matrix combinations as GitHub expands them (the product of the value
 * lists, then `exclude`, then `include`), and the fail-fast / max-parallel settings.
 */
import type { Value } from './expressions';

export type Combination = Record<string, Value>;

export class MatrixError extends Error {}

const isObject = (v: Value): v is Record<string, Value> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);

/** `matrix` is the strategy's matrix with its expressions already evaluated. */
export function expandMatrix(matrix: Value | undefined): Combination[] {
  if (matrix === undefined || matrix === null) return [{}];
  if (!isObject(matrix))
    throw new MatrixError(`strategy.matrix must be a mapping, got ${JSON.stringify(matrix)}`);
  const { include = [], exclude = [], ...vectors } = matrix;
  if (!Array.isArray(include) || !Array.isArray(exclude)) {
    throw new MatrixError('strategy.matrix include and exclude must be lists');
  }
  let combinations: Combination[] = Object.keys(vectors).length ? [{}] : [];
  for (const [key, values] of Object.entries(vectors)) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new MatrixError(
        `strategy.matrix.${key} must be a non-empty list, got ${JSON.stringify(values)}`,
      );
    }
    combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  // exclude: a partial match removes every combination it matches.
  combinations = combinations.filter(
    (c) => !exclude.some((e) => isObject(e) && Object.entries(e).every(([k, v]) => same(c[k], v))),
  );
  // include: added to every combination whose original values it does not change; when it fits
  // none, it becomes a combination of its own.
  const originals = combinations.map((c) => ({ ...c }));
  for (const entry of include) {
    if (!isObject(entry)) throw new MatrixError('strategy.matrix.include entries must be mappings');
    let fitted = false;
    combinations.forEach((c, i) => {
      const fits = Object.entries(entry).every(
        ([k, v]) => !(k in originals[i]) || same(originals[i][k], v),
      );
      if (fits) {
        Object.assign(c, entry);
        fitted = true;
      }
    });
    if (!fitted) {
      combinations.push({ ...entry });
      originals.push({ ...entry });
    }
  }
  return combinations.length ? combinations : [{}];
}

export interface Strategy {
  combinations: Combination[];
  failFast: boolean;
  maxParallel: number;
  /** Whether the job has a matrix at all (names then show the combination). */
  isMatrix: boolean;
}

export function strategyOf(strategy: Record<string, Value> | undefined): Strategy {
  const matrix = strategy?.matrix;
  const maxParallel = Number(strategy?.['max-parallel'] ?? Infinity);
  if (!(maxParallel >= 1))
    throw new MatrixError(
      `strategy.max-parallel must be 1 or more, got ${strategy?.['max-parallel']}`,
    );
  return {
    combinations: expandMatrix(matrix),
    failFast: strategy?.['fail-fast'] !== false && strategy?.['fail-fast'] !== 'false',
    maxParallel,
    isMatrix: matrix !== undefined && matrix !== null,
  };
}

/** `name (a, b)` as GitHub labels a matrix job. */
export function combinationLabel(combination: Combination): string {
  const values = Object.values(combination).map((v) =>
    typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v),
  );
  return values.length ? `(${values.join(', ')})` : '';
}
