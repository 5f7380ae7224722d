/**
 * What starts processes (node:child_process, node:readline and the process tracking), in a module
 * of its own so that run-stage loads it while the secret and the dataset are being read, not
 * before the first request goes out (issue 14; see runStage).
 */
export { describeLeftovers, runProcessTree } from './process-tree';
export { describeSystemPython, preparePipenv, requirePipenv } from './pipenv-setup';
