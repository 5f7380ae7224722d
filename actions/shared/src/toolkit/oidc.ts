/** GitHub's OIDC token for the job, as @actions/core's getIDToken, with fetch instead of undici. */
import { setSecret } from './commands';

export async function getIDToken(audience?: string): Promise<string> {
  const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !token) {
    throw new Error(
      'Unable to get the OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not set. Give the job `permissions: id-token: write`.',
    );
  }
  const requestUrl = new URL(url);
  if (audience) requestUrl.searchParams.set('audience', audience);
  const response = await fetch(requestUrl, {
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      'User-Agent': 'cat-actions',
    },
    // A token service that never answers must not hold the step (issue 13 #10).
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) {
    throw new Error(`Failed to get the OIDC token: HTTP ${response.status} ${response.statusText}`);
  }
  const { value } = (await response.json()) as { value?: string };
  if (!value) throw new Error('Failed to get the OIDC token: the response has no value');
  setSecret(value);
  return value;
}
