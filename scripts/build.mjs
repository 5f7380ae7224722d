// Bundles each action (and the local runner CLI) into one minified file under dist/ with ncc.
import ncc from '@vercel/ncc';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { actionNames, repoRoot } from './actions.mjs';

const only = process.argv.slice(2);
const targets = [
  ...actionNames().map((name) => ({ name, entry: `actions/${name}/src/index.ts` })),
  { name: 'cli', entry: 'packages/cli/src/main.ts' },
].filter((t) => only.length === 0 || only.includes(t.name));

for (const { name, entry } of targets) {
  const started = Date.now();
  let bundle;
  try {
    bundle = await ncc(path.join(repoRoot, entry), {
      minify: true,
      sourceMap: false,
      license: 'licenses.txt',
      quiet: true,
      target: 'es2022',
      // `npm run typecheck` checks types once for the whole repo; here, one unfinished file
      // elsewhere must not stop every bundle.
      transpileOnly: true,
    });
  } catch (error) {
    // ncc's stack trace is minified noise: the compiler's message is what helps.
    console.error(`build of ${name} failed:\n${String(error.message ?? error).slice(0, 4000)}`);
    process.exit(1);
  }
  const { code, assets } = bundle;
  const out = path.join(repoRoot, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'index.js'), code);
  for (const [file, asset] of Object.entries(assets ?? {})) {
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    writeFileSync(path.join(out, file), asset.source);
  }
  const kib = (Buffer.byteLength(code) / 1024).toFixed(0);
  console.log(`dist/${name}/index.js  ${kib} KiB  (${Date.now() - started} ms)`);
}
