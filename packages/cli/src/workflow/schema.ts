/**
 * The check GitHub makes before it runs a workflow: its schema and every `${{ }}` in it, by
 * GitHub's own parser (@actions/workflow-parser). A typo fails here with the line and column,
 * as it would on GitHub, instead of half-way through a run.
 */
import { readFileSync } from 'node:fs';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { WorkflowFile } from './workflow-file';

/** GitHub would reject the workflow: `errors` are its messages, with line and column. */
export class InvalidWorkflowError extends Error {
  constructor(readonly errors: string[]) {
    super(`GitHub would reject this workflow:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  }
}

export function schemaErrors(workflow: WorkflowFile): string[] {
  const content = readFileSync(workflow.file, 'utf8');
  const result = parseWorkflow({ name: workflow.label, content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((error) => error.message);
}
