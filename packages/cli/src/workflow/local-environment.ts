/**
 * Where `cat-actions workflow` runs when --aws is not given: the embedded local services (S3,
 * STS, Secrets Manager, Slack, the bastion, PostgreSQL) of packages/local-services. They are
 * loaded from this checkout at run time, not bundled: they start child processes from their own
 * files (s3rver, PGlite, the stand-in executables). Undefined when this checkout lacks them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface LocalEnvironment {
  /** The runner environment pointing the actions at the services (endpoints, credentials). */
  env: Record<string, string>;
  /** vars and secrets the services expect (e.g. BUCKET_PREFIX, SLACK_WEBHOOK_URL). */
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  /** One line per service, for the user: what runs where. */
  description: string[];
  stop(): Promise<void>;
}

type LocalServices = typeof import('@cat-actions/local-services');

export async function startLocalEnvironment(
  repoRoot: string,
): Promise<LocalEnvironment | undefined> {
  const entry = path.join(repoRoot, 'packages', 'local-services', 'src', 'index.ts');
  if (!existsSync(entry)) return undefined;
  // Left to Node, not the bundler: tsx is resolved from this checkout when the CLI runs.
  const { tsImport } = (await import(/* webpackIgnore: true */ 'tsx/esm/api')) as {
    tsImport: (file: string, from: string) => Promise<unknown>;
  };
  const services = (await tsImport(entry, import.meta.url)) as LocalServices;
  const cwd = process.cwd();
  return services.startPipelineEnvironment({
    // Kept between runs, like a bucket: a later workflow finds what an earlier one wrote. In this
    // checkout, not the tenant's: actions/checkout copies the tenant's folder into every job.
    dir: path.join(repoRoot, '.cat-local'),
    tenants: services.tenantsUnder([cwd, path.join(repoRoot, 'examples', 'tenant')]),
  });
}
