import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createReporter } from '../../../packages/cli/src/workflow/reporter';
import { InvalidWorkflowError } from '../../../packages/cli/src/workflow/schema';
import { UnsupportedWorkflowError } from '../../../packages/cli/src/workflow/workflow-runner';
import { WorkflowInputError } from '../../../packages/cli/src/workflow/workflow-inputs';
import { removeFolders, runYaml, tempFolder } from './workflow-fixture';

afterAll(removeFolders);

describe('env: workflow, job and step levels; what a step exports reaches the next', () => {
  it('the nearest level wins, GITHUB_ENV and GITHUB_PATH carry on, the env context sees them', async () => {
    const { step } = await runYaml(`
on: push
env:
  LEVEL: workflow
  WORKFLOW_ONLY: w
jobs:
  build:
    runs-on: x
    env:
      LEVEL: job
    steps:
      - id: export
        run: |
          echo "EXPORTED=from-step-1" >> "$GITHUB_ENV"
          mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\\necho tool-on-path\\n' > "$RUNNER_TEMP/bin/mytool"
          chmod +x "$RUNNER_TEMP/bin/mytool" && echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
      - id: read
        env:
          LEVEL: step
        run: echo "$LEVEL $WORKFLOW_ONLY $EXPORTED \${{ env.EXPORTED }} $(mytool) $GITHUB_ACTIONS"
`);
    expect(step('build', 'read').log).toBe('step w from-step-1 from-step-1 tool-on-path true');
  });
});

describe('run: steps use the declared shell and working directory', () => {
  it('defaults.run applies to the job; a step may name its own shell', async () => {
    const { step } = await runYaml(
      `
on: push
defaults:
  run:
    shell: bash
    working-directory: stages
jobs:
  build:
    runs-on: x
    steps:
      - uses: actions/checkout@v5
      - id: where
        run: echo "$(basename "$PWD") pipefail=$(set -o | grep pipefail | tr -s ' \\t' ' ')"
      - id: python
        shell: python
        run: import sys; print("python", sys.version_info[0])
      - id: sh
        shell: sh
        working-directory: .
        run: echo "sh in $(basename "$PWD")" | tr a-z A-Z
`,
      { files: { 'stages/run.sh': 'echo hi' } },
    );
    expect(step('build', 'where').log).toBe('stages pipefail=pipefail on');
    expect(step('build', 'python').log).toBe('python 3');
    expect(step('build', 'sh').log).toMatch(/^SH IN WORKSPACE$/);
  });
});

describe('secrets are masked in everything the engine keeps or prints', () => {
  it('a step that echoes a secret shows ***, and so does the progress printed', async () => {
    const printed: string[] = [];
    const reporter = createReporter({
      write: (line) => printed.push(line),
      verbose: true,
      secrets: ['hunter2-secret'],
    });
    const { run, step } = await runYaml(
      `
on: push
jobs:
  build:
    runs-on: x
    steps:
      - id: leak
        name: Uses \${{ secrets.TOKEN }}
        run: |
          echo "token=\${{ secrets.TOKEN }}"
          echo "::add-mask::derived-value"
          echo "later derived-value"
`,
      { secrets: { TOKEN: 'hunter2-secret' }, onEvent: reporter.onEvent },
    );
    reporter.report(run);
    expect(step('build', 'leak').log).toBe('token=***\n::add-mask::***\nlater ***');
    expect(printed.join('\n')).not.toContain('hunter2-secret');
    expect(printed.join('\n')).not.toContain('derived-value');
    expect(printed.join('\n')).toContain('token=***');
  });
});

describe('reusable workflows: a caller job runs the workflow it uses', () => {
  it('passes inputs (typed, with defaults) and secrets, and reads the called outputs', async () => {
    const { run } = await runYaml(
      `
on: push
jobs:
  call:
    uses: ./.github/workflows/reusable.yml
    with:
      count: 3
    secrets:
      TOKEN: \${{ secrets.TOKEN }}
  after:
    needs: call
    runs-on: x
    steps:
      - run: echo "\${{ needs.call.outputs.summary }}"
`,
      {
        secrets: { TOKEN: 'x9-s3cr3t' },
        files: {
          '.github/workflows/reusable.yml': `
on:
  workflow_call:
    inputs:
      count: { type: number, required: true }
      label: { type: string, default: items }
    secrets:
      TOKEN: { required: true }
    outputs:
      summary:
        value: \${{ jobs.work.outputs.text }}
jobs:
  work:
    runs-on: x
    outputs:
      text: \${{ steps.s.outputs.text }}
    steps:
      - id: s
        run: echo "text=\${{ inputs.count }} \${{ inputs.label }} number-\${{ inputs.count == 3 }} token-\${{ secrets.TOKEN == 'x9-s3cr3t' }}" >> "$GITHUB_OUTPUT"
`,
        },
      },
    );
    expect(run.jobs.call[0].name).toBe('call');
    expect(run.jobs.call[0].called?.jobs.work[0].name).toBe('call / work');
    expect(run.jobs.call[0].outputs).toEqual({ summary: '3 items number-true token-true' });
    expect(run.jobs.after[0].steps[0].log).toBe('3 items number-true token-true');
  });

  it('refuses an input the called workflow does not declare, naming its inputs', async () => {
    const { run } = await runYaml(
      `
on: push
jobs:
  call:
    uses: ./.github/workflows/reusable.yml
    with:
      nope: 1
`,
      {
        files: {
          '.github/workflows/reusable.yml': `
on:
  workflow_call:
    inputs:
      count: { type: number, default: 1 }
jobs:
  work: { runs-on: x, steps: [{ run: 'true' }] }
`,
        },
      },
    );
    expect(run.jobs.call[0].result).toBe('failure');
    expect(run.jobs.call[0].error).toMatch(/has no input nope; its inputs: count/);
  });

  it('refuses a call that leaves out a secret the called workflow requires', async () => {
    const { run } = await runYaml(
      `
on: push
jobs:
  call:
    uses: ./.github/workflows/reusable.yml
`,
      {
        files: {
          '.github/workflows/reusable.yml': `
on:
  workflow_call:
    secrets:
      SLACK_WEBHOOK_URL: { required: true }
jobs:
  work: { runs-on: x, steps: [{ run: 'true' }] }
`,
        },
      },
    );
    expect(run.jobs.call[0].result).toBe('failure');
    expect(run.jobs.call[0].error).toMatch(
      /reusable\.yml requires secret SLACK_WEBHOOK_URL; pass it under secrets:/,
    );
  });

  it('checks the inputs of the workflow it runs: types and required ones', async () => {
    const yaml = `
on:
  workflow_dispatch:
    inputs:
      environment: { type: choice, options: [DEV, PROD], required: true }
jobs:
  a: { runs-on: x, steps: [{ run: 'true' }] }
`;
    await expect(runYaml(yaml)).rejects.toThrow(WorkflowInputError);
    await expect(runYaml(yaml, { inputs: { environment: 'QA' } })).rejects.toThrow(
      'input environment must be one of DEV, PROD, got "QA"',
    );
  });
});

describe('what the engine does not run is refused by name and place, before any step runs', () => {
  it.each([
    ['container:', 'container: node:20', /not supported here: `container:` at .*test\.yml:build/],
    ['services:', 'services: { db: { image: postgres } }', /`services:` at .*test\.yml:build/],
  ])('a job with %s', async (_construct, line, message) => {
    const marker = path.join(tempFolder(), 'ran');
    const yaml = `
on: push
jobs:
  build:
    runs-on: x
    ${line}
    steps:
      - run: touch ${marker}
`;
    await expect(runYaml(yaml)).rejects.toThrow(UnsupportedWorkflowError);
    await expect(runYaml(yaml)).rejects.toThrow(message);
    expect(existsSync(marker)).toBe(false);
  });

  it('a third-party action, with the step that uses it', async () => {
    await expect(
      runYaml(`
on: push
jobs:
  build:
    runs-on: x
    steps:
      - id: cache
        uses: actions/cache@v4
        with: { path: x, key: y }
`),
    ).rejects.toThrow(
      /not supported here: action actions\/cache@v4 at .*test\.yml:build\.cache \(only this repository's actions, actions\/checkout and actions\/setup-python run here\)/,
    );
  });

  it('a shell it cannot start', async () => {
    await expect(
      runYaml(`
on: push
jobs:
  build:
    runs-on: x
    steps:
      - shell: pwsh
        run: Write-Host hi
`),
    ).rejects.toThrow(/not supported here: shell pwsh at .*test\.yml:build\.steps\[0\]/);
  });
});

describe("what GitHub itself would reject fails before anything runs, with GitHub's message", () => {
  it('a misspelt key and an expression GitHub cannot parse, with their lines', async () => {
    const marker = path.join(tempFolder(), 'ran');
    const yaml = `on: push
jobs:
  build:
    runs-on: x
    step-timeout: 3
    steps:
      - run: touch ${marker} \${{ inputs.count + 1 }}
`;
    await expect(runYaml(yaml)).rejects.toThrow(InvalidWorkflowError);
    await expect(runYaml(yaml)).rejects.toThrow(
      /GitHub would reject this workflow:\n.*test\.yml \(Line: 5, Col: 5\): Unexpected value 'step-timeout'\n.*\(Line: 7, Col: 14\): Unexpected symbol: '\+'/,
    );
    expect(existsSync(marker)).toBe(false);
  });
});

describe('actions/setup-python stands in with the python3 on PATH', () => {
  it('fails clearly when there is none', async () => {
    const { step } = await runYaml(
      `
on: push
jobs:
  build:
    runs-on: x
    steps:
      - id: py
        uses: actions/setup-python@v5
        with: { python-version: '3.12' }
`,
      { env: { PATH: tempFolder() } },
    );
    expect(step('build', 'py').outcome).toBe('failure');
    expect(step('build', 'py').log).toMatch(
      /::error title=No Python::actions\/setup-python asked for Python 3\.12; this machine has no python3 on PATH/,
    );
  });
});

describe("the run's temporary folders are removed unless kept", () => {
  const yaml = `
on: push
jobs:
  build:
    runs-on: x
    steps:
      - run: echo "$RUNNER_TEMP" && touch "$RUNNER_TEMP/scratch"
`;

  it('removes the run folder (workspaces, runner files) when the run ends', async () => {
    const tempDir = tempFolder();
    const { run } = await runYaml(yaml, { tempDir });
    expect(run.result).toBe('success');
    expect(existsSync(run.runDir)).toBe(false);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('keeps it with keep: true', async () => {
    const { run } = await runYaml(yaml, { keep: true });
    expect(existsSync(path.join(run.jobs.build[0].steps[0].log, 'scratch'))).toBe(true);
  });
});
