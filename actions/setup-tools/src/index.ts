import { runAction } from '../../shared/src/runner';
import { run } from './main';

await runAction(run);
// A download abandoned at its deadline may still hold a socket open: the step is over either way.
process.exit();
