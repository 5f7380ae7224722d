/**
 * AWS role session names appear in CloudTrail next to every call the session makes, so they carry
 * the tenant and the GitHub run: `gha-cat-be-123456789-1`. STS accepts 2 to 64 of `[\w+=,.@-]`.
 */
const MAX_SESSION_NAME = 64;

export function sanitizeSessionPart(value: string): string {
  return value.replace(/[^\w+=,.@-]/g, '-');
}

export interface SessionNameParts {
  tenant: string;
  runId?: string;
  runAttempt?: string;
  prefix?: string;
}

export function roleSessionName({
  tenant,
  runId,
  runAttempt,
  prefix = 'gha',
}: SessionNameParts): string {
  const run = runId ? `${runId}-${runAttempt || '1'}` : 'local';
  const tail = sanitizeSessionPart(`-${run}`);
  const head = sanitizeSessionPart(`${prefix}-${tenant || 'unknown'}`);
  // Keep the run id whole: cut the tenant instead when the name is too long.
  return `${head.slice(0, Math.max(2, MAX_SESSION_NAME - tail.length))}${tail}`.slice(
    0,
    MAX_SESSION_NAME,
  );
}

export function isValidSessionName(name: string): boolean {
  return /^[\w+=,.@-]{2,64}$/.test(name);
}
