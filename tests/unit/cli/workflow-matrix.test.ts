import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Value } from '../../../packages/cli/src/workflow/expressions';
import { expandMatrix, MatrixError } from '../../../packages/cli/src/workflow/matrix';
import { removeFolders, runYaml, tempFolder } from './workflow-fixture';

afterAll(removeFolders);

describe('a matrix expands as GitHub expands it', () => {
  it.each([
    ['one list', { project: ['A', 'B'] }, [{ project: 'A' }, { project: 'B' }]],
    [
      'the product of two lists, first key outermost',
      { env: ['DEV', 'PROD'], py: ['3.11', '3.12'] },
      [
        { env: 'DEV', py: '3.11' },
        { env: 'DEV', py: '3.12' },
        { env: 'PROD', py: '3.11' },
        { env: 'PROD', py: '3.12' },
      ],
    ],
    [
      'exclude removes every combination a partial entry matches',
      { env: ['DEV', 'PROD'], py: ['3.11', '3.12'], exclude: [{ env: 'PROD', py: '3.11' }] },
      [
        { env: 'DEV', py: '3.11' },
        { env: 'DEV', py: '3.12' },
        { env: 'PROD', py: '3.12' },
      ],
    ],
    [
      'include extends the combinations whose original values it keeps',
      { env: ['DEV', 'PROD'], include: [{ env: 'PROD', mention: '<!here>' }, { region: 'eu' }] },
      [
        { env: 'DEV', region: 'eu' },
        { env: 'PROD', mention: '<!here>', region: 'eu' },
      ],
    ],
    [
      'an include that would change an original value becomes its own combination',
      { env: ['DEV'], include: [{ env: 'TEST', extra: true }] },
      [{ env: 'DEV' }, { env: 'TEST', extra: true }],
    ],
    ['include alone', { include: [{ a: 1 }, { a: 2 }] }, [{ a: 1 }, { a: 2 }]],
  ])('%s', (_rule, matrix, expected) => {
    expect(expandMatrix(matrix as Value)).toEqual(expected);
  });

  it.each([
    [{ project: [] }, 'strategy.matrix.project must be a non-empty list'],
    [{ project: 'A' }, 'strategy.matrix.project must be a non-empty list, got "A"'],
    ['["A"]', 'strategy.matrix must be a mapping'],
  ])('refuses %j', (matrix, message) => {
    expect(() => expandMatrix(matrix as Value)).toThrow(MatrixError);
    expect(() => expandMatrix(matrix as Value)).toThrow(message);
  });
});

describe('matrix jobs: one leg per combination, max-parallel at a time, fail-fast', () => {
  it('gives each leg its matrix and strategy, from a fromJSON(inputs) list', async () => {
    const { run } = await runYaml(`
on:
  workflow_dispatch:
    inputs:
      projects: { type: string, default: '["DEV:A","PROD:B"]' }
jobs:
  sync:
    name: Sync \${{ matrix.project }}
    runs-on: x
    strategy:
      matrix:
        project: \${{ fromJSON(inputs.projects) }}
    steps:
      - run: echo "\${{ matrix.project }} \${{ strategy.job-index }}/\${{ strategy.job-total }}"
`);
    expect(run.jobs.sync.map((leg) => [leg.name, leg.matrix, leg.steps[0].log])).toEqual([
      ['Sync DEV:A', { project: 'DEV:A' }, 'DEV:A 0/2'],
      ['Sync PROD:B', { project: 'PROD:B' }, 'PROD:B 1/2'],
    ]);
  });

  it('runs at most max-parallel legs at once', async () => {
    const journal = path.join(tempFolder(), 'journal');
    const { run } = await runYaml(
      `
on: push
jobs:
  leg:
    runs-on: x
    strategy:
      max-parallel: 2
      matrix:
        n: [1, 2, 3, 4, 5]
    steps:
      - run: |
          echo "start $(date +%s%N)" >> "$JOURNAL"
          sleep 0.4
          echo "end $(date +%s%N)" >> "$JOURNAL"
`,
      { env: { JOURNAL: journal } },
    );
    expect(run.result).toBe('success');
    const marks = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([kind, at]) => ({ kind, at: BigInt(at) }))
      .sort((a, b) => (a.at < b.at ? -1 : 1));
    let running = 0;
    let most = 0;
    for (const mark of marks) {
      running += mark.kind === 'start' ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(marks).toHaveLength(10);
    expect(most).toBe(2);
  });

  it('with fail-fast (the default), a failed leg cancels the running and the waiting legs', async () => {
    const started = Date.now();
    const { run } = await runYaml(`
on: push
jobs:
  leg:
    runs-on: x
    strategy:
      max-parallel: 2
      matrix:
        n: [1, 2, 3]
    steps:
      - id: work
        run: |
          if [ "\${{ matrix.n }}" = 1 ]; then sleep 0.2; exit 1; fi
          sleep 30
      - id: cleanup
        if: cancelled()
        run: echo "cleaned up leg \${{ matrix.n }}"
`);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.jobs.leg.map((leg) => leg.result)).toEqual(['failure', 'cancelled', 'cancelled']);
    const [, running, waiting] = run.jobs.leg;
    expect(running.steps.map((s) => s.outcome)).toEqual(['cancelled', 'success']);
    expect(running.steps[1].log).toBe('cleaned up leg 2');
    expect(waiting.steps).toEqual([]);
    expect(run.result).toBe('failure');
  });

  it('with fail-fast: false, the other legs run to their end', async () => {
    const { run } = await runYaml(`
on: push
jobs:
  leg:
    runs-on: x
    strategy:
      fail-fast: false
      max-parallel: 1
      matrix:
        n: [1, 2, 3]
    steps:
      - run: test "\${{ matrix.n }}" != 1
`);
    expect(run.jobs.leg.map((leg) => leg.result)).toEqual(['failure', 'success', 'success']);
  });
});

describe('a matrix of operating systems runs on this Linux machine, with a notice', () => {
  it('runs every leg and says which ones asked for another OS', async () => {
    const { run, events } = await runYaml(`
on: push
jobs:
  test:
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest, macos-14]
    steps:
      - run: uname -s
`);
    expect(run.jobs.test.map((leg) => [leg.result, leg.steps[0].log])).toEqual([
      ['success', 'Linux'],
      ['success', 'Linux'],
      ['success', 'Linux'],
    ]);
    const notices = events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
    expect(notices.sort()).toEqual([
      'runs-on asks for macos; the job runs on this Linux machine',
      'runs-on asks for windows; the job runs on this Linux machine',
    ]);
  });
});
