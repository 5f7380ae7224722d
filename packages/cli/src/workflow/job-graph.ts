/**
 * The order jobs run in: a job starts when every job it `needs` has finished, independent jobs
 * run side by side, and a `needs` cycle or a need that names no job is an error before anything runs.
 */
import type { Yaml } from './workflow-file';

export class JobGraphError extends Error {}

export const needsOf = (job: Yaml): string[] =>
  [job?.needs ?? []].flat().map((n: unknown) => String(n));

/** The jobs to run: all of them, or `only` and the jobs it needs (transitively). */
export function jobsToRun(jobs: Record<string, Yaml>, label: string, only?: string): string[] {
  for (const [id, job] of Object.entries(jobs)) {
    const unknown = needsOf(job).filter((n) => !(n in jobs));
    if (unknown.length) {
      throw new JobGraphError(
        `${label}: job ${id} needs ${unknown.join(', ')}, which is not a job of this workflow`,
      );
    }
  }
  if (only !== undefined && !(only in jobs)) {
    throw new JobGraphError(
      `${label} has no job ${only}; its jobs: ${Object.keys(jobs).join(', ')}`,
    );
  }
  const selected = new Set<string>();
  const visit = (id: string, path: string[]) => {
    if (path.includes(id))
      throw new JobGraphError(`${label}: jobs need each other: ${[...path, id].join(' -> ')}`);
    if (selected.has(id)) return;
    for (const need of needsOf(jobs[id])) visit(need, [...path, id]);
    selected.add(id);
  };
  for (const id of only !== undefined ? [only] : Object.keys(jobs)) visit(id, []);
  return [...selected];
}

/** Runs every job once all its needs have finished; resolves when all have. */
export async function runInNeedsOrder(
  jobs: Record<string, Yaml>,
  order: string[],
  runJob: (id: string) => Promise<void>,
): Promise<void> {
  const finished = new Map<string, Promise<void>>();
  const start = (id: string): Promise<void> => {
    let promise = finished.get(id);
    if (!promise) {
      promise = Promise.all(needsOf(jobs[id]).map(start)).then(() => runJob(id));
      finished.set(id, promise);
    }
    return promise;
  };
  await Promise.all(order.map(start));
}
