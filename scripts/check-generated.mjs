// Regenerates dist/ or action-docs/ and fails when the result differs from what is committed,
// so a bundle or reference page can never drift from its source.
import { execFileSync } from 'node:child_process';
import { repoRoot } from './actions.mjs';

const target = process.argv[2];
const regenerate = { dist: 'scripts/build.mjs', 'action-docs': 'scripts/docs.mjs' }[target];
if (!regenerate) {
  console.error('usage: check-generated.mjs dist|action-docs');
  process.exit(2);
}
execFileSync(process.execPath, [regenerate], { cwd: repoRoot, stdio: 'inherit' });
const changed = execFileSync('git', ['status', '--porcelain', '--', target], {
  cwd: repoRoot,
  encoding: 'utf8',
});
if (changed.trim()) {
  console.error(
    `::error::${target}/ is stale: run \`npm run ${target === 'dist' ? 'build' : 'docs'}\` and commit.\n${changed}`,
  );
  execFileSync('git', ['--no-pager', 'diff', '--stat', '--', target], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  process.exit(1);
}
console.log(`${target}/ is up to date.`);
