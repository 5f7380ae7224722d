/**
 * Where `cat-actions workflow` runs when --aws is not given: the embedded local services (S3,
 * STS, Secrets Manager, Slack, PostgreSQL) that packages/local-services provides. This is the
 * one hook the CLI calls; until those services are wired in here it returns undefined, and the
 * CLI asks for --aws or explicit --env endpoints instead.
 */
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

export async function startLocalEnvironment(
  _repoRoot: string,
): Promise<LocalEnvironment | undefined> {
  return undefined;
}
