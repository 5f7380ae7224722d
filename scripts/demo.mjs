// `npm run demo`: the example tenant's whole pipeline on this machine, through the committed action
// bundles and the local runner, against local services. The demo is TypeScript (scripts/demo/),
// loaded through tsx; `npm run demo -- --help` lists the options.
// Checked before anything loads: on an older Node the demo would fail somewhere deep instead.
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(
    `demo: Node ${process.versions.node} is too old: this project needs Node 20 or newer (README, "Node").\n`,
  );
  process.exit(2);
}
const { tsImport } = await import('tsx/esm/api');

// The demo lists S3 with the SDK on this machine's Node; the actions themselves run on Node 24.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { main } = await tsImport('./demo/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
