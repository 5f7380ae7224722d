import { afterAll, describe, expect, it } from '@jest/globals';
import { removeFolders, runYaml } from './workflow-fixture';

afterAll(removeFolders);

/** This repository's actions in a workflow: their committed bundles, outputs, exports, posts. */
describe("this repository's actions run from their bundles, post steps at the job's end", () => {
  it('outputs and exports reach later steps; a post step runs last, even after a failure', async () => {
    const { run, events, step } = await runYaml(
      `
on: push
jobs:
  tenant:
    runs-on: x
    steps:
      - uses: actions/checkout@v5
      - id: tenant
        uses: cat-org/cat-actions/resolve-tenant@v1
        with:
          project: DEV:DEMO-DEV
      - id: tunnel
        uses: cat-org/cat-actions/open-bastion-tunnel@v1
        with:
          remote-host: db.internal
          remote-port: not-a-port
      - id: after
        if: always()
        run: echo "$TENANT_NAME \${{ steps.tenant.outputs.secret-name }} \${{ steps.tunnel.outcome }}"
`,
      {
        files: { 'Project/DEMO-DEV/.env': 'A=1\n' },
        env: { DEV_ROLE_ARN: 'arn:aws:iam::123456789012:role/cat-dev' },
      },
    );
    expect(step('tenant', 'tenant').outcome).toBe('success');
    expect(step('tenant', 'tunnel').outcome).toBe('failure');
    expect(step('tenant', 'after').log).toBe('demo demo-scraper-secrets failure');
    const order = events.flatMap((e) => (e.type === 'step-end' ? [e.step] : []));
    expect(order.at(-1)).toBe('Post tunnel');
    expect(run.jobs.tenant[0].postFailures).toEqual([]);
    expect(run.jobs.tenant[0].result).toBe('failure');
  });

  it('an action this repository does not have is refused before the run', async () => {
    await expect(
      runYaml(`
on: push
jobs:
  a:
    runs-on: x
    steps:
      - uses: cat-org/cat-actions/no-such-action@v1
`),
    ).rejects.toThrow(/not supported here: action cat-org\/cat-actions\/no-such-action@v1/);
  });
});
