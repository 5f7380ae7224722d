#!/usr/bin/env node
// The runner CLI is bundled like the actions (dist/cli), so it starts without a TypeScript step.
import { fileURLToPath } from 'node:url';

process.env.CAT_ACTIONS_ROOT ??= fileURLToPath(new URL('../../../', import.meta.url));
await import('../../../dist/cli/index.js');
