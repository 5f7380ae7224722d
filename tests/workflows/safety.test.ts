import { describe, expect, it } from '@jest/globals';
import { workflowFiles } from '../support/workflows';
import type { WorkflowFile } from '../support/workflows';

const workflows = workflowFiles();
const cases = workflows.map((w) => [w.file, w] as [string, WorkflowFile]);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Job = Record<string, any>;
const jobsOf = (doc: Record<string, any>): [string, Job][] => Object.entries(doc.jobs ?? {}); // eslint-disable-line @typescript-eslint/no-explicit-any
const stepsOf = (job: Job): Job[] => job.steps ?? [];

describe('workflow safety', () => {
  it.each(cases)('%s sets permissions at the top level', (_file, w) => {
    expect(w.doc.permissions).toBeDefined();
    expect(w.doc.permissions).not.toBe('write-all');
  });

  it.each(cases)('%s pins third-party actions by commit SHA', (_file, w) => {
    const unpinned = jobsOf(w.doc)
      .flatMap(([, job]) => [job.uses, ...stepsOf(job).map((s) => s.uses)])
      .filter((uses): uses is string => typeof uses === 'string')
      .filter((uses) => !uses.startsWith('./') && !uses.startsWith('docker://'))
      .filter((uses) => !/^[\w.-]+\/cat-actions\//.test(uses))
      .filter((uses) => !/@[0-9a-f]{40}$/.test(uses));
    expect(unpinned).toEqual([]);
  });

  it.each(cases)('%s never interpolates untrusted values into run:', (_file, w) => {
    const untrusted =
      /\$\{\{[^}]*\b(inputs\.|github\.event\.|matrix\.|github\.head_ref|steps\.[^}]*outputs\.|needs\.[^}]*outputs\.)/;
    const offending = jobsOf(w.doc).flatMap(([name, job]) =>
      stepsOf(job)
        .filter((s) => typeof s.run === 'string' && untrusted.test(s.run))
        .map((s) => `${name}: ${s.name ?? s.run.split('\n')[0]}`),
    );
    expect(offending).toEqual([]);
  });

  it.each(cases)('%s sets timeout-minutes on every job that runs steps', (_file, w) => {
    const missing = jobsOf(w.doc)
      .filter(([, job]) => job.steps && job['timeout-minutes'] === undefined)
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
