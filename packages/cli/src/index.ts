/**
 * @cat-actions/cli as a library: the workflow engine (runWorkflow) and the local action runner
 * that `npx cat-actions workflow` and `npx cat-actions run` use, for tests and the demo.
 */
export { runWorkflow, UnsupportedWorkflowError } from './workflow/workflow-runner';
export type {
  JobResult,
  JobRun,
  StepOutcome,
  StepRun,
  WorkflowEvent,
  WorkflowOptions,
  WorkflowRun,
} from './workflow/types';
export type { Value } from './workflow/expressions';
export { ExpressionError, evaluate, interpolate, condition } from './workflow/expressions';
export { UnsupportedError, WorkflowFileError } from './workflow/workflow-file';
export { InvalidWorkflowError } from './workflow/schema';
export { WorkflowInputError } from './workflow/workflow-inputs';
export { JobGraphError } from './workflow/job-graph';
export { MatrixError, expandMatrix } from './workflow/matrix';
export { allJobs, createReporter } from './workflow/reporter';
export { inputEnvironment, runLocalAction } from './local-runner';
export { readActionMetadata, type ActionMetadata } from './action-metadata';
export type { LocalRunOptions, LocalRunResult, StepResult } from './local-runner';
export { LocalJob } from './local-job';
export { LogMasker, parseFileCommands } from './file-commands';
