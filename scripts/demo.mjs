// The sample pipeline on this machine, through the committed bundles and the local runner.
// For now it resolves the example tenant; each action joins the demo as it lands.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './actions.mjs';

const project = process.argv.find((a) => a.startsWith('--project='))?.slice(10) ?? 'DEV:DEMO-DEV';
const cli = path.join(repoRoot, 'packages', 'cli', 'bin', 'cat-actions.js');
const workspace = path.join(repoRoot, 'examples', 'tenant');

console.log(`\n▶ resolve-tenant ${project}`);
const result = spawnSync(
  process.execPath,
  [
    cli,
    'run',
    'resolve-tenant',
    '--with',
    `project=${project}`,
    '--workspace',
    workspace,
    '--env',
    'DEV_ROLE_ARN=arn:aws:iam::000000000000:role/cat-demo-dev',
    '--env',
    'PROD_ROLE_ARN=arn:aws:iam::000000000000:role/cat-demo-prod',
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
