/**
 * The tenant's Secrets Manager secret is a JSON object whose keys become environment variables of
 * the stage process. Its value is never echoed, not even in an error: a secret that is not a JSON
 * object is reported by shape only.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from './secrets-client';
import { InputError, NotFoundError, type RetryOptions } from '@cat-actions/core';
import { endpointOf, regionOf, toCatError } from './errors';
import { withAwsRetry } from './retry';

function describeShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Keeps strings as they are; any other JSON value becomes its JSON text (`5`, `true`, `{...}`). */
export function secretEntries(secretName: string, secretString: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new InputError({
      input: 'secret-name',
      received: secretName,
      expected:
        'a secret whose value is a JSON object of KEY: value pairs (its value is not JSON; the value is not shown)',
      example: 'cat-be-scraper-secrets',
    });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError({
      input: 'secret-name',
      received: secretName,
      expected: `a secret whose value is a JSON object of KEY: value pairs (it holds ${describeShape(parsed)}; the value is not shown)`,
      example: 'cat-be-scraper-secrets',
    });
  }
  const entries: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    entries[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return entries;
}

export async function readSecretJson(
  client: SecretsManagerClient,
  secretName: string,
  retry: RetryOptions = {},
): Promise<Record<string, string>> {
  let secretString: string | undefined;
  try {
    const response = await withAwsRetry(
      () => client.send(new GetSecretValueCommand({ SecretId: secretName })),
      retry,
    );
    secretString = response.SecretString;
  } catch (error) {
    const code = (error as { name?: string }).name;
    if (code === 'ResourceNotFoundException') {
      throw new NotFoundError(
        `Secrets Manager has no secret named "${secretName}" in this account and region. ` +
          'Check secret-name (or secret-suffix) and the region, and that the role belongs to the ' +
          "tenant's account.",
        { cause: error },
      );
    }
    throw toCatError(error, {
      operation: `GetSecretValue of "${secretName}"`,
      deniedHint: `Allow secretsmanager:GetSecretValue on "${secretName}" (and kms:Decrypt on its key) for the assumed role.`,
      endpoint: endpointOf('secretsmanager', await regionOf(client)),
    });
  }
  if (secretString === undefined) {
    throw new InputError({
      input: 'secret-name',
      received: secretName,
      expected: 'a secret stored as text (a JSON object), not as binary',
    });
  }
  return secretEntries(secretName, secretString);
}
