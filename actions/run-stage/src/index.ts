import { boundHeap, limitYoungGenerationGrowth } from '@cat-actions/transfer';
import { runAction } from '../../shared/src/runner';
import { run } from './main';

// Before any transfer allocates: keeps peak memory bounded on large files (see heap.ts).
limitYoungGenerationGrowth();
// Peak memory flat however many files a transfer moves (see heap.ts).
boundHeap();
await runAction(run);
