/**
 * A drop-in for the parts of @actions/core the actions use (`import * as core from` this), so that
 * bundles stay small and start fast. Same names, same wire format; tested against @actions/core.
 */
export * from './commands';
export { summary, Summary } from './summary';
export type { SummaryTableCell } from './summary';
export { getIDToken } from './oidc';
