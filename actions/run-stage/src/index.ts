import { runAction } from '../../shared/src/runner';
import { run } from './main';

// The transfer code (and its heap bound) loads with the first transfer, not here: the stage starts
// without it (issue 14). The bundle's loader bounds the young generation before anything loads
// (scripts/build.mjs).
await runAction(run);
