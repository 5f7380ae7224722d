/**
 * Session tags let a role's policies and CloudTrail tell tenants and runs apart. STS accepts tag
 * values of at most 256 characters from `[\p{L}\p{Z}\p{N}_.:/=+\-@]`; anything else (a repository
 * name with a `#`, a stray quote) would make AssumeRole fail with a ValidationError, so it is
 * replaced rather than sent.
 */
const TAG_VALUE_CHAR = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;
const MAX_TAG_VALUE = 256;

export function sanitizeTagValue(value: string): string {
  return value.trim().replace(TAG_VALUE_CHAR, '_').slice(0, MAX_TAG_VALUE);
}

export interface SessionTagSource {
  tenant?: string;
  environment?: string;
  repository?: string;
  runId?: string;
}

/** The tags `tenant`, `environment`, `repository`, `run-id`; empty ones are left out. */
export function sessionTags(source: SessionTagSource): { Key: string; Value: string }[] {
  const pairs: [string, string | undefined][] = [
    ['tenant', source.tenant],
    ['environment', source.environment],
    ['repository', source.repository],
    ['run-id', source.runId],
  ];
  return pairs
    .map(([Key, value]) => ({ Key, Value: sanitizeTagValue(value ?? '') }))
    .filter((tag) => tag.Value !== '');
}
