import { runAction } from '../../shared/src/runner';
import { run } from './main';

await runAction(run);
