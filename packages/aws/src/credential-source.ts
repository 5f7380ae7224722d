/**
 * Where assume-role's source credentials come from. GitHub OIDC is preferred only when the job can
 * ask for an id token AND nothing else is configured: credentials someone put in the environment
 * (or a profile, an EKS web identity file, a container endpoint) are a deliberate choice and win.
 */
export type CredentialSource =
  { kind: 'github-oidc' } | { kind: 'provider-chain'; description: string };

const ENV_SOURCES: [string, (value: string) => string][] = [
  ['AWS_ACCESS_KEY_ID', (v) => `environment credentials (access key ending in ${v.slice(-4)})`],
  ['AWS_WEB_IDENTITY_TOKEN_FILE', (v) => `the web identity token file ${v}`],
  ['AWS_PROFILE', (v) => `the AWS profile "${v}"`],
  ['AWS_CONTAINER_CREDENTIALS_FULL_URI', () => 'the container credentials endpoint'],
  ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', () => 'the container credentials endpoint'],
];

export function chooseCredentialSource(env: NodeJS.ProcessEnv = process.env): CredentialSource {
  for (const [name, describe] of ENV_SOURCES) {
    const value = env[name]?.trim();
    if (value) return { kind: 'provider-chain', description: describe(value) };
  }
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    return { kind: 'github-oidc' };
  }
  return {
    kind: 'provider-chain',
    description: 'the default provider chain (config files, container or instance metadata)',
  };
}

/** The `sub` claim of a JWT, for error messages (trust policies match on it); not verified. */
export function tokenSubject(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());
    return typeof payload?.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
