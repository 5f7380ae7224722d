import { describe, expect, it } from '@jest/globals';
import { loadWorkflow, workflowFiles, type WorkflowFile } from '../support/workflows';
import {
  alertProblems,
  concurrencyProblems,
  injectionProblems,
  permissionProblems,
  pinningProblems,
  timeoutProblems,
} from './rules/safety';

const workflows = workflowFiles();
const cases = workflows.map((w) => [w.file, w] as [string, WorkflowFile]);
const fixture = (name: string) => loadWorkflow(`tests/workflows/fixtures/${name}`);

type Rule = (w: WorkflowFile) => string[];

/** Each rule: clean on every workflow here and in examples/, and failing on its bad fixture(s). */
const rules: [string, Rule, Record<string, string[]>][] = [
  [
    'no untrusted value inside a script (run: or run-stage command)',
    injectionProblems,
    {
      'bad-injection.yml': [
        'tests/workflows/fixtures/bad-injection.yml jobs.greet (input in a script): ${{ inputs.name }} inside a script; pass it through env:',
        'tests/workflows/fixtures/bad-injection.yml jobs.greet (matrix value in a script): ${{ matrix.project }} inside a script; pass it through env:',
        'tests/workflows/fixtures/bad-injection.yml jobs.greet (output in a stage command): ${{ steps.names.outputs.name }} inside a script; pass it through env:',
      ],
    },
  ],
  [
    'permissions set everywhere and as small as they can be',
    permissionProblems,
    {
      'bad-permissions.yml': [
        'tests/workflows/fixtures/bad-permissions.yml: no top-level permissions',
        'tests/workflows/fixtures/bad-permissions.yml jobs.write-without-reason: grants contents: write without a comment saying why',
        'tests/workflows/fixtures/bad-permissions.yml jobs.token-without-role: grants id-token: write but assumes no role',
        'tests/workflows/fixtures/bad-permissions.yml jobs.role-without-token: assumes an AWS role through OIDC but does not grant id-token: write',
        'tests/workflows/fixtures/bad-permissions.yml jobs.too-wide: permissions: write-all is too wide',
      ],
      'bad-permissions-top.yml': [
        'tests/workflows/fixtures/bad-permissions-top.yml: top-level permissions grant contents: write; only contents: read belongs there',
        'tests/workflows/fixtures/bad-permissions-top.yml: top-level permissions grant issues: read; only contents: read belongs there',
      ],
    },
  ],
  [
    'third-party actions pinned by commit SHA with their version',
    pinningProblems,
    {
      'bad-pinning.yml': [
        'tests/workflows/fixtures/bad-pinning.yml jobs.build: actions/checkout@v5 is not pinned to a commit SHA',
        'tests/workflows/fixtures/bad-pinning.yml jobs.build: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 has no "# vX.Y.Z" comment',
        'tests/workflows/fixtures/bad-pinning.yml jobs.reusable: someone/else/.github/workflows/build.yml@main is not pinned to a commit SHA',
      ],
    },
  ],
  [
    'timeout-minutes on every job that runs steps',
    timeoutProblems,
    {
      'bad-timeout.yml': [
        'tests/workflows/fixtures/bad-timeout.yml jobs.forever: no timeout-minutes',
      ],
    },
  ],
  [
    'reusable workflows queue per tenant and environment, never cancel',
    concurrencyProblems,
    {
      'bad-reusable.yml': [
        'tests/workflows/fixtures/bad-reusable.yml: concurrency group does not name the project and environment',
        'tests/workflows/fixtures/bad-reusable.yml: concurrency must set cancel-in-progress: false',
      ],
    },
  ],
  [
    'reusable workflows alert Slack on failure with tenant, environment, dataset and run link',
    alertProblems,
    {
      'bad-reusable.yml': [
        'tests/workflows/fixtures/bad-reusable.yml jobs.silent: no notify-slack step with if: failure()',
        'tests/workflows/fixtures/bad-reusable.yml jobs.vague: the failure alert does not carry the tenant',
        'tests/workflows/fixtures/bad-reusable.yml jobs.vague: the failure alert does not carry the environment',
        'tests/workflows/fixtures/bad-reusable.yml jobs.vague: the failure alert does not carry the dataset',
        'tests/workflows/fixtures/bad-reusable.yml jobs.vague: the failure alert does not carry a link to the run',
      ],
    },
  ],
];

describe.each(rules)('workflow safety: %s', (_rule, check, bad) => {
  it.each(cases)('%s', (_file, w) => {
    expect(check(w)).toEqual([]);
  });

  it.each(Object.entries(bad))('fails on fixtures/%s', (file, expected) => {
    expect(check(fixture(file))).toEqual(expected);
  });
});

describe('workflow safety: the rules see every workflow', () => {
  it('covers ci, release, the four reusable workflows and the example callers', () => {
    const files = workflows.map((w) => w.file);
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/release.yml',
        ...['zoho-desk-sync', 'data-processing', 'data-testing', 'data-upload'].flatMap((wf) => [
          `.github/workflows/${wf}.yml`,
          `examples/tenant/.github/workflows/${wf}.yml`,
        ]),
      ]),
    );
  });
});
