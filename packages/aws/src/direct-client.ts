/**
 * What a client that sends its few calls directly shares (sts-client.ts, secrets-client.ts): the
 * settings, a keep-alive connection pool, the choice between the direct call and the SDK, and the
 * SDK's client, created once on first need. The direct route is taken only when credentials and
 * an endpoint are at hand without the SDK (signed-request.ts says when); anything else is the SDK's.
 */
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { commonConfig, type ClientOptions } from './client-config';
import {
  Connections,
  directCredentials,
  directEndpoint,
  withAttempts,
  type SignedResponse,
} from './signed-request';

/** Where and as whom a direct call goes. */
export interface DirectRoute {
  url: URL;
  credentials: AwsCredentialIdentity;
}

/** The service as the SDK names it: `STS` in AWS_ENDPOINT_URL_STS, `sts` as host and signing name. */
export interface DirectService {
  envId: string;
  name: string;
}

/** No credentials at all: for a call AWS takes unsigned (AssumeRoleWithWebIdentity). */
const UNSIGNED: AwsCredentialIdentity = { accessKeyId: '', secretAccessKey: '' };

export abstract class DirectClient<Sdk extends { destroy(): void }> {
  private sdk?: Sdk;
  private readonly connections = new Connections();
  readonly config: ReturnType<typeof commonConfig>;

  constructor(
    private readonly service: DirectService,
    private readonly options: ClientOptions = {},
  ) {
    this.config = commonConfig(options);
  }

  /** The direct call's endpoint and credentials, or undefined: the SDK makes this call. */
  protected directRoute(unsigned = false): DirectRoute | undefined {
    const credentials = unsigned ? UNSIGNED : directCredentials(this.options.credentials);
    const url = directEndpoint(this.service.envId, this.service.name, this.config.region);
    return credentials && url ? { url, credentials } : undefined;
  }

  /** One signed POST, tried as often as the SDK would (`maxAttempts`, transient faults only). */
  protected post<Output>(
    route: DirectRoute,
    request: { headers: Record<string, string>; body: string; abortSignal?: AbortSignal },
    parse: (response: SignedResponse) => Output,
  ): Promise<Output> {
    return withAttempts(this.config.maxAttempts, async () =>
      parse(
        await this.connections.send({
          method: 'POST',
          url: route.url,
          service: this.service.name,
          region: this.config.region,
          credentials: route.credentials,
          headers: request.headers,
          body: request.body,
          connectTimeoutMs: this.config.requestHandler.connectionTimeout,
          requestTimeoutMs: this.config.requestHandler.requestTimeout,
          abortSignal: request.abortSignal,
        }),
      ),
    );
  }

  /** The SDK's client with the same settings, made by `create` the first time it is needed. */
  protected sdkClient(create: () => Sdk): Sdk {
    this.sdk ??= create();
    return this.sdk;
  }

  destroy(): void {
    this.connections.destroy();
    this.sdk?.destroy();
  }
}
