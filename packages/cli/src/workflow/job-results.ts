/** Job runs that have no steps: skipped, cancelled before they started, or failed on the way in. */
import type { Combination } from './matrix';
import type { JobRun, WorkflowEvent } from './types';
import type { WorkflowFile } from './workflow-file';

export const finished = (
  id: string,
  name: string,
  workflow: WorkflowFile,
  result: JobRun['result'],
  matrix?: Combination,
): JobRun => ({
  id,
  name,
  workflowFile: workflow.label,
  matrix,
  result,
  outputs: {},
  steps: [],
  postFailures: [],
  durationMs: 0,
});

/** A job that could not start: its `if:`, matrix or inputs did not evaluate. */
export function failedBeforeSteps(
  emit: (event: WorkflowEvent) => void,
  id: string,
  label: string,
  workflow: WorkflowFile,
  error: Error,
  matrix?: Combination,
): JobRun {
  const message = `${workflow.label}:${id}: ${error.message}`;
  emit({ type: 'notice', job: label, message });
  return { ...finished(id, label, workflow, 'failure', matrix), error: message };
}
