/**
 * What the demo dispatches: the example tenant's caller workflows (examples/tenant/.github/
 * workflows), each with the inputs a person would give in "Run workflow". Nothing here repeats what
 * a workflow does: the engine (packages/cli, `npx cat-actions workflow`) runs their YAML.
 */
import type { Value } from '@cat-actions/cli';
import type { DemoOptions } from './options';

export interface Dispatch {
  /** A short name for the progress and the JSON outcome; also GITHUB_WORKFLOW. */
  name: string;
  /** The caller, relative to examples/tenant. */
  workflow: string;
  inputs: Record<string, Value>;
  /** Said next to the heading (why this run is there). */
  note?: string;
  /** It fails on purpose: its Slack alert is what the demo shows. */
  failsOnPurpose?: boolean;
}

/** The upload script of the example (stage 4); "postgres" in its name opens the tunnel. */
export const UPLOAD_SCRIPT = 'upload_to_postgres.sh';
/** A mistyped upload script: stage 4 fails (exit 127), as it would for a tenant who made the typo. */
export const MISTYPED_UPLOAD_SCRIPT = 'upload_to_postgress.sh';

/** Data processing first: it creates the dataset the others read. */
export function processing(options: DemoOptions): Dispatch {
  return {
    name: 'data-processing',
    workflow: '.github/workflows/data-processing.yml',
    inputs: { project: options.projectDir, environment: options.environment },
  };
}

/** Then, as separate workflow runs side by side: testing, upload, the sync and a failing stage. */
export function afterProcessing(options: DemoOptions): Dispatch[] {
  const project = { project: options.projectDir, environment: options.environment };
  return [
    {
      name: 'data-testing',
      workflow: '.github/workflows/data-testing.yml',
      inputs: { ...project, dataset: 'LATEST', 'sample-size': options.sampleSize },
    },
    {
      name: 'data-upload',
      workflow: '.github/workflows/data-upload.yml',
      inputs: { ...project, dataset: 'LATEST', 'upload-script': UPLOAD_SCRIPT },
    },
    {
      name: 'zoho-desk-sync',
      workflow: '.github/workflows/zoho-desk-sync.yml',
      inputs: { projects: JSON.stringify([`${options.environment}:${options.projectDir}`]) },
    },
    {
      name: 'failing-stage',
      workflow: '.github/workflows/data-upload.yml',
      inputs: { ...project, dataset: 'LATEST', 'upload-script': MISTYPED_UPLOAD_SCRIPT },
      note: `upload-script ${MISTYPED_UPLOAD_SCRIPT} (a typo): stage 4 fails on purpose, to show the Slack alert`,
      failsOnPurpose: true,
    },
  ];
}
