// Imported first by transfer-child.ts, before the SDK loads: V8 grows its young generation while
// big modules load too, and it does not shrink back (see packages/transfer/src/heap.ts).
import { limitYoungGenerationGrowth } from '@cat-actions/transfer';

if (!process.env.CAT_BENCH_DEFAULT_HEAP) limitYoungGenerationGrowth();
