import * as core from '../../shared/src/toolkit';
import { runAction } from '../../shared/src/runner';
import { run } from './main';
import { cleanup } from './post';

// One bundle for both steps (as actions/checkout does): main saves isPost, the post step sees it.
await runAction(core.getState('isPost') === 'true' ? cleanup : run);
