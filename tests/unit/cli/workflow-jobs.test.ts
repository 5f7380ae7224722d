import { afterAll, describe, expect, it } from '@jest/globals';
import { removeFolders, runYaml } from './workflow-fixture';

afterAll(removeFolders);

/** How jobs follow each other: needs, job outputs, job-level if: and the status functions. */
describe('needs: a job starts after the jobs it needs and reads their outputs', () => {
  it('passes outputs along a chain and runs independent jobs side by side', async () => {
    const { run, events } = await runYaml(`
on: workflow_dispatch
jobs:
  fetch:
    runs-on: ubuntu-latest
    outputs:
      dataset: \${{ steps.make.outputs.name }}
    steps:
      - id: make
        run: echo "name=20240328_084742_utc" >> "$GITHUB_OUTPUT"
  side:
    runs-on: ubuntu-latest
    steps:
      - run: sleep 0.3
  process:
    needs: fetch
    runs-on: ubuntu-latest
    outputs:
      seen: \${{ steps.read.outputs.seen }}
    steps:
      - id: read
        run: echo "seen=\${{ needs.fetch.outputs.dataset }}/\${{ needs.fetch.result }}" >> "$GITHUB_OUTPUT"
  report:
    needs: [fetch, process]
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.process.outputs.seen }}"
`);
    expect(run.result).toBe('success');
    expect(run.jobs.process[0].outputs).toEqual({ seen: '20240328_084742_utc/success' });
    expect(run.jobs.report[0].steps[0].log).toBe('20240328_084742_utc/success');
    const order = events.filter((e) => e.type === 'job-start').map((e) => e.job);
    expect(order.indexOf('process')).toBeGreaterThan(order.indexOf('fetch'));
    expect(order.indexOf('report')).toBeGreaterThan(order.indexOf('process'));
    // `side` needs nothing: it starts with `fetch`, before `fetch` ends.
    const side = events.findIndex((e) => e.type === 'job-start' && e.job === 'side');
    const fetchEnd = events.findIndex((e) => e.type === 'job-end' && e.job === 'fetch');
    expect(side).toBeLessThan(fetchEnd);
  });

  it('refuses a need that names no job, and jobs that need each other', async () => {
    await expect(
      runYaml(`
on: push
jobs:
  a: { runs-on: x, needs: nope, steps: [{ run: 'true' }] }
`),
    ).rejects.toThrow('job a needs nope, which is not a job of this workflow');
    await expect(
      runYaml(`
on: push
jobs:
  a: { runs-on: x, needs: b, steps: [{ run: 'true' }] }
  b: { runs-on: x, needs: a, steps: [{ run: 'true' }] }
`),
    ).rejects.toThrow(/jobs need each other: a -> b -> a/);
  });

  it('--job runs that job and the jobs it needs, nothing else', async () => {
    const { run } = await runYaml(
      `
on: push
jobs:
  a: { runs-on: x, steps: [{ run: 'true' }] }
  b: { runs-on: x, needs: a, steps: [{ run: 'true' }] }
  c: { runs-on: x, steps: [{ run: 'true' }] }
`,
      { job: 'b' },
    );
    expect(Object.keys(run.jobs)).toEqual(['a', 'b']);
  });
});

describe('status functions decide which steps and jobs run after a failure', () => {
  const yaml = `
on: push
jobs:
  build:
    runs-on: x
    steps:
      - id: breaks
        run: exit 3
      - id: next
        run: echo never
      - id: on-failure
        if: failure()
        run: echo "alert"
      - id: always
        if: always()
        run: echo "cleanup"
      - id: guarded
        if: success() || steps.breaks.outcome == 'failure'
        run: echo "guarded"
      - id: tolerated
        if: always()
        continue-on-error: true
        run: exit 1
  deploy:
    needs: build
    runs-on: x
    steps: [{ run: 'true' }]
  notify:
    needs: build
    if: failure()
    runs-on: x
    steps: [{ run: 'echo "build was \${{ needs.build.result }}"' }]
  after-deploy:
    needs: deploy
    runs-on: x
    steps: [{ run: 'true' }]
  finally:
    needs: [build, deploy]
    if: always()
    runs-on: x
    steps: [{ run: 'true' }]
`;

  it('a failed step skips what follows unless its if: asks for failure() or always()', async () => {
    const { run, step } = await runYaml(yaml);
    expect(
      ['breaks', 'next', 'on-failure', 'always', 'guarded', 'tolerated'].map(
        (id) => step('build', id).outcome,
      ),
    ).toEqual(['failure', 'skipped', 'success', 'success', 'success', 'failure']);
    expect(step('build', 'tolerated').conclusion).toBe('success');
    expect(run.jobs.build[0].result).toBe('failure');
  });

  it('a job whose need failed is skipped, and so are the jobs after it; failure() and always() jobs run', async () => {
    const { run } = await runYaml(yaml);
    const results = Object.fromEntries(
      Object.entries(run.jobs).map(([id, legs]) => [id, legs[0].result]),
    );
    expect(results).toEqual({
      build: 'failure',
      deploy: 'skipped',
      notify: 'success',
      'after-deploy': 'skipped',
      finally: 'success',
    });
    expect(run.jobs.notify[0].steps[0].log).toBe('build was failure');
    expect(run.result).toBe('failure');
  });
});

describe('a job that runs longer than its timeout-minutes is cancelled', () => {
  it('stops the running step; cancelled() and always() steps still run', async () => {
    const started = Date.now();
    const { run, events } = await runYaml(`
on: push
jobs:
  slow:
    runs-on: x
    timeout-minutes: 0.01
    steps:
      - id: stuck
        run: sleep 30
      - id: next
        run: echo never
      - id: cleanup
        if: cancelled()
        run: echo "cleaned up"
`);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.jobs.slow[0].result).toBe('cancelled');
    expect(run.jobs.slow[0].steps.map((s) => s.outcome)).toEqual([
      'cancelled',
      'skipped',
      'success',
    ]);
    expect(events).toContainEqual({
      type: 'notice',
      job: 'slow',
      message: 'the job ran longer than its timeout-minutes (0.01); cancelling it',
    });
  });
});

describe('continue-on-error on a job: its failure does not fail the run or cancel other legs', () => {
  it('an experimental leg fails alone', async () => {
    const { run } = await runYaml(`
on: push
jobs:
  test:
    runs-on: x
    continue-on-error: \${{ matrix.experimental }}
    strategy:
      max-parallel: 1
      matrix:
        python: ['3.11', '3.13']
        experimental: [false]
        include:
          - python: '3.14'
            experimental: true
    steps:
      - run: test "\${{ matrix.python }}" != 3.14
`);
    expect(run.jobs.test.map((leg) => [leg.matrix?.python, leg.result])).toEqual([
      ['3.11', 'success'],
      ['3.13', 'success'],
      ['3.14', 'failure'],
    ]);
    expect(run.jobs.test[2].continuedOnError).toBe(true);
    expect(run.result).toBe('success');
  });
});
