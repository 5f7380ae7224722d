/**
 * STS for assume-role: AssumeRole, AssumeRoleWithWebIdentity and GetCallerIdentity. With
 * credentials at hand (explicit, from the environment, or none for the web-identity call) they are
 * sent directly (query protocol, signed-request.ts); otherwise, and for endpoints the SDK's rules
 * decide, the SDK's STSClient is loaded and does the same call. Commands are this module's own
 * (same names, inputs and outputs as the SDK's), so importing them loads no SDK code.
 */
import type {
  AssumeRoleCommandInput,
  AssumeRoleCommandOutput,
  AssumeRoleWithWebIdentityCommandInput,
  AssumeRoleWithWebIdentityCommandOutput,
  GetCallerIdentityCommandInput,
  GetCallerIdentityCommandOutput,
  STSClient as SdkStsClient,
} from '@aws-sdk/client-sts';
import type { ClientOptions } from './client-config';
import { DirectClient } from './direct-client';
import { serviceError, xmlBlocks, xmlValue, type SignedResponse } from './signed-request';

abstract class StsCommand<Input, Output> {
  abstract readonly operation: 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetCallerIdentity';
  declare readonly output?: Output;
  constructor(readonly input: Input) {}
}

export class AssumeRoleCommand extends StsCommand<AssumeRoleCommandInput, AssumeRoleCommandOutput> {
  readonly operation = 'AssumeRole';
}
export class AssumeRoleWithWebIdentityCommand extends StsCommand<
  AssumeRoleWithWebIdentityCommandInput,
  AssumeRoleWithWebIdentityCommandOutput
> {
  readonly operation = 'AssumeRoleWithWebIdentity';
}
export class GetCallerIdentityCommand extends StsCommand<
  GetCallerIdentityCommandInput,
  GetCallerIdentityCommandOutput
> {
  readonly operation = 'GetCallerIdentity';
}

/** The query-protocol form of an input: `Tags.member.1.Key=...` for lists of structures. */
export function queryForm(operation: string, input: object): URLSearchParams {
  const form = new URLSearchParams({ Action: operation, Version: '2011-06-15' });
  const add = (prefix: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => add(`${prefix}.member.${i + 1}`, item));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${prefix}.${k}`, v);
    } else {
      form.append(prefix, String(value));
    }
  };
  for (const [key, value] of Object.entries(input)) add(key, value);
  return form;
}

function parseCredentials(xml: string) {
  const block = xmlBlocks(xml, 'Credentials')[0];
  if (!block) return {};
  const expiration = xmlValue(block, 'Expiration');
  return {
    Credentials: {
      AccessKeyId: xmlValue(block, 'AccessKeyId'),
      SecretAccessKey: xmlValue(block, 'SecretAccessKey'),
      SessionToken: xmlValue(block, 'SessionToken'),
      Expiration: expiration ? new Date(expiration) : undefined,
    },
  };
}

function parseAnswer(operation: string, response: SignedResponse): Record<string, unknown> {
  const xml = response.body;
  if (response.status >= 300) {
    const error = xmlBlocks(xml, 'Error')[0] ?? '';
    throw serviceError(
      xmlValue(error, 'Code') ?? `Http${response.status}`,
      xmlValue(error, 'Message') ?? '',
      response,
    );
  }
  const $metadata = {
    httpStatusCode: response.status,
    requestId: xmlValue(xml, 'RequestId'),
  };
  if (operation === 'GetCallerIdentity') {
    return {
      $metadata,
      UserId: xmlValue(xml, 'UserId'),
      Account: xmlValue(xml, 'Account'),
      Arn: xmlValue(xml, 'Arn'),
    };
  }
  const user = xmlBlocks(xml, 'AssumedRoleUser')[0] ?? '';
  return {
    $metadata,
    ...parseCredentials(xml),
    AssumedRoleUser: { Arn: xmlValue(user, 'Arn'), AssumedRoleId: xmlValue(user, 'AssumedRoleId') },
    PackedPolicySize: Number(xmlValue(xml, 'PackedPolicySize') ?? 0) || undefined,
    SourceIdentity: xmlValue(xml, 'SourceIdentity'),
    SubjectFromWebIdentityToken: xmlValue(xml, 'SubjectFromWebIdentityToken'),
    Audience: xmlValue(xml, 'Audience'),
    Provider: xmlValue(xml, 'Provider'),
  };
}

/** STS with the SDK's `send`/`destroy` shape; the SDK client is loaded only when needed. */
export class StsClient extends DirectClient<SdkStsClient> {
  constructor(options: ClientOptions = {}) {
    super({ envId: 'STS', name: 'sts' }, options);
  }

  async send<Input extends object, Output>(
    command: StsCommand<Input, Output>,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<Output> {
    const route = this.directRoute(command.operation === 'AssumeRoleWithWebIdentity');
    if (!route) return this.sendWithSdk(command, options);
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const body = queryForm(command.operation, command.input).toString();
    return this.post(
      route,
      { headers, body, abortSignal: options.abortSignal },
      (response) => parseAnswer(command.operation, response) as Output,
    );
  }

  private async sendWithSdk<Input extends object, Output>(
    command: StsCommand<Input, Output>,
    options: { abortSignal?: AbortSignal },
  ): Promise<Output> {
    const sdk = await import('@aws-sdk/client-sts');
    const client = this.sdkClient(() => new sdk.STSClient(this.config));
    const SdkCommand = sdk[`${command.operation}Command`] as unknown as new (input: Input) => never;
    return (await client.send(new SdkCommand(command.input), options)) as Output;
  }
}

export async function createStsClient(options: ClientOptions = {}): Promise<StsClient> {
  return new StsClient(options);
}
