// `npm run bench`: issue 14's benchmarks (bench/main.ts, loaded through tsx): --transfers (the
// default), --cold, --scale; `npm run bench -- --help` lists the options. Not part of `npm test`.
import { tsImport } from 'tsx/esm/api';

// The orchestrator lists nothing itself, but s3rver support and esbuild load on this machine's Node.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { main } = await tsImport('../bench/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
