/**
 * Secrets Manager for run-stage: GetSecretValue. Sent directly (JSON 1.1 protocol,
 * signed-request.ts) when the credentials are at hand, which is how a job has them after
 * assume-role; otherwise the SDK's client is loaded and does the same call. The command is this
 * module's own (same name, input and output as the SDK's), so importing it loads no SDK code.
 */
import type {
  GetSecretValueCommandInput,
  GetSecretValueCommandOutput,
  SecretsManagerClient as SdkSecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { ClientOptions } from './client-config';
import { DirectClient } from './direct-client';
import { serviceError, type SignedResponse } from './signed-request';

export class GetSecretValueCommand {
  readonly operation = 'GetSecretValue';
  constructor(readonly input: GetSecretValueCommandInput) {}
}

/** `com.amazonaws...#ResourceNotFoundException:http://...` -> ResourceNotFoundException. */
export function jsonErrorCode(raw: string): string {
  return raw.split(':')[0].split('#').pop() ?? raw;
}

function parseAnswer(response: SignedResponse): GetSecretValueCommandOutput {
  let body: Record<string, unknown> = {};
  try {
    body = response.body ? JSON.parse(response.body) : {};
  } catch {
    // An error page that is not JSON: the status speaks for it below.
  }
  if (response.status >= 300) {
    const raw =
      String(response.headers['x-amzn-errortype'] ?? '') ||
      String(body.__type ?? body.code ?? '') ||
      `Http${response.status}`;
    throw serviceError(jsonErrorCode(raw), String(body.message ?? body.Message ?? ''), response);
  }
  const created = body.CreatedDate;
  return {
    $metadata: {
      httpStatusCode: response.status,
      requestId: response.headers['x-amzn-requestid'] as string | undefined,
    },
    ARN: body.ARN as string | undefined,
    Name: body.Name as string | undefined,
    VersionId: body.VersionId as string | undefined,
    SecretString: body.SecretString as string | undefined,
    SecretBinary:
      typeof body.SecretBinary === 'string'
        ? new Uint8Array(Buffer.from(body.SecretBinary, 'base64'))
        : undefined,
    VersionStages: body.VersionStages as string[] | undefined,
    CreatedDate: typeof created === 'number' ? new Date(created * 1000) : undefined,
  };
}

/** Secrets Manager with the SDK's `send`/`destroy` shape; the SDK is loaded only when needed. */
export class SecretsManagerClient extends DirectClient<SdkSecretsManagerClient> {
  constructor(options: ClientOptions = {}) {
    super({ envId: 'SECRETS_MANAGER', name: 'secretsmanager' }, options);
  }

  async send(
    command: GetSecretValueCommand,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<GetSecretValueCommandOutput> {
    const route = this.directRoute();
    if (!route) {
      const sdk = await import('@aws-sdk/client-secrets-manager');
      const client = this.sdkClient(() => new sdk.SecretsManagerClient(this.config));
      return client.send(new sdk.GetSecretValueCommand(command.input), options);
    }
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
    };
    const body = JSON.stringify(command.input);
    return this.post(route, { headers, body, abortSignal: options.abortSignal }, parseAnswer);
  }
}

export async function createSecretsManagerClient(
  options: ClientOptions = {},
): Promise<SecretsManagerClient> {
  return new SecretsManagerClient(options);
}
