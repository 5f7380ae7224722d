/**
 * S3 for the actions. find-bucket and latest-dataset only list and read one small object, so
 * ListBuckets, ListObjectsV2, GetBucketLocation and GetObject (this module's commands, same
 * names, inputs and outputs as the SDK's) are sent directly (REST + SigV4, signed-request.ts)
 * when the credentials are at hand; every other command (the transfers' PutObject, multipart,
 * ...) and any set-up the direct path does not cover go to the SDK's S3Client, loaded on first
 * use. Loading that client costs more than a whole find-bucket run (issue 14).
 *
 * The client is typed as the SDK's S3Client, because the transfer code takes that type; at run
 * time only `send` and `destroy` exist, which is all callers use.
 */
import type {
  GetBucketLocationCommand as SdkGetBucketLocationCommand,
  GetObjectCommand as SdkGetObjectCommand,
  ListBucketsCommand as SdkListBucketsCommand,
  ListObjectsV2Command as SdkListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { commonConfig, needsPathStyle, type ClientOptions } from './client-config';
import { DirectS3Objects } from './s3-objects';
import {
  Connections,
  directCredentials,
  directEndpoint,
  serviceError,
  uriEncode,
  withAttempts,
  xmlBlocks,
  xmlValue,
  type SignedResponse,
} from './signed-request';

type Operation = 'ListBuckets' | 'ListObjectsV2' | 'GetBucketLocation' | 'GetObject';

class DirectS3Command {
  constructor(
    readonly operation: Operation,
    readonly input: Record<string, unknown>,
  ) {}
}

function command<T>(operation: Operation): T {
  return class extends DirectS3Command {
    constructor(input: Record<string, unknown>) {
      super(operation, input);
    }
  } as unknown as T;
}

export const ListBucketsCommand = command<typeof SdkListBucketsCommand>('ListBuckets');
export const ListObjectsV2Command = command<typeof SdkListObjectsV2Command>('ListObjectsV2');
export const GetBucketLocationCommand =
  command<typeof SdkGetBucketLocationCommand>('GetBucketLocation');
export const GetObjectCommand = command<typeof SdkGetObjectCommand>('GetObject');

const str = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
const date = (value: string | undefined) => (value ? new Date(value) : undefined);

/** A bucket that can be a host name label (no dots: TLS wildcards cover one label only). */
const isVirtualHostable = (bucket: string) => /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);

function requestFor(
  operation: Operation,
  input: Record<string, unknown>,
  endpoint: URL,
  pathStyle: boolean,
): { method: 'GET'; url: URL } {
  const url = new URL(endpoint.href);
  const base = url.pathname.replace(/\/$/, '');
  const bucket = str(input.Bucket);
  const keyPath = str(input.Key)?.split('/').map(uriEncode).join('/');
  if (bucket && (pathStyle || !isVirtualHostable(bucket))) {
    url.pathname = `${base}/${uriEncode(bucket)}${keyPath !== undefined ? `/${keyPath}` : ''}`;
  } else {
    if (bucket) url.hostname = `${bucket}.${url.hostname}`;
    url.pathname = `${base}/${keyPath ?? ''}`;
  }
  const query: [string, string | undefined][] =
    operation === 'ListBuckets'
      ? [
          ['prefix', str(input.Prefix)],
          ['max-buckets', str(input.MaxBuckets)],
          ['continuation-token', str(input.ContinuationToken)],
          ['bucket-region', str(input.BucketRegion)],
        ]
      : operation === 'ListObjectsV2'
        ? [
            ['list-type', '2'],
            ['prefix', str(input.Prefix)],
            ['delimiter', str(input.Delimiter)],
            ['max-keys', str(input.MaxKeys)],
            ['continuation-token', str(input.ContinuationToken)],
            ['start-after', str(input.StartAfter)],
          ]
        : operation === 'GetBucketLocation'
          ? [['location', '']]
          : [];
  for (const [name, value] of query) if (value !== undefined) url.searchParams.set(name, value);
  return { method: 'GET', url };
}

function parseAnswer(operation: Operation, response: SignedResponse): Record<string, unknown> {
  const xml = response.body;
  if (response.status >= 300) {
    const error = xmlBlocks(xml, 'Error')[0] ?? '';
    const code =
      xmlValue(error, 'Code') ??
      ({ 404: 'NotFound', 403: 'Forbidden', 301: 'PermanentRedirect' }[response.status] ||
        `Http${response.status}`);
    throw serviceError(code, xmlValue(error, 'Message') ?? '', response);
  }
  const $metadata = {
    httpStatusCode: response.status,
    requestId: response.headers['x-amz-request-id'] as string | undefined,
  };
  switch (operation) {
    case 'ListBuckets':
      return {
        $metadata,
        Buckets: xmlBlocks(xml, 'Bucket').map((b) => ({
          Name: xmlValue(b, 'Name'),
          CreationDate: date(xmlValue(b, 'CreationDate')),
          BucketRegion: xmlValue(b, 'BucketRegion'),
        })),
        ContinuationToken: xmlValue(xml, 'ContinuationToken'),
        Prefix: xmlValue(xml, 'Prefix'),
      };
    case 'ListObjectsV2': {
      const size = xmlValue(xml, 'KeyCount');
      return {
        $metadata,
        Name: xmlValue(xml, 'Name'),
        Prefix: xmlValue(xml, 'Prefix'),
        Delimiter: xmlValue(xml, 'Delimiter'),
        IsTruncated: xmlValue(xml, 'IsTruncated') === 'true',
        NextContinuationToken: xmlValue(xml, 'NextContinuationToken'),
        KeyCount: size === undefined ? undefined : Number(size),
        Contents: xmlBlocks(xml, 'Contents').map((o) => ({
          Key: xmlValue(o, 'Key'),
          LastModified: date(xmlValue(o, 'LastModified')),
          ETag: xmlValue(o, 'ETag'),
          Size: Number(xmlValue(o, 'Size') ?? 0),
          StorageClass: xmlValue(o, 'StorageClass'),
        })),
        CommonPrefixes: xmlBlocks(xml, 'CommonPrefixes').map((p) => ({
          Prefix: xmlValue(p, 'Prefix'),
        })),
      };
    }
    case 'GetBucketLocation':
      // <LocationConstraint xmlns="..."/> for us-east-1, <LocationConstraint ...>eu-west-1</...>.
      return {
        $metadata,
        LocationConstraint: /<LocationConstraint[^>]*>([^<]*)</.exec(xml)?.[1] || undefined,
      };
    case 'GetObject':
      // Read as text: the direct path serves the manifests latest-dataset checks; transfers use
      // the SDK's GetObject and its stream.
      return {
        $metadata,
        ContentLength: Buffer.byteLength(xml),
        ETag: response.headers.etag,
        ContentType: response.headers['content-type'],
        LastModified: date(response.headers['last-modified']),
        Body: { transformToString: async () => xml },
      };
  }
}

class DirectS3Client {
  private sdk?: Promise<S3Client>;
  private readonly connections = new Connections();
  readonly config: ReturnType<typeof commonConfig>;
  private readonly pathStyle = needsPathStyle();

  constructor(private readonly options: ClientOptions) {
    this.config = commonConfig(options);
  }

  async send(command: unknown, options: { abortSignal?: AbortSignal } = {}): Promise<unknown> {
    if (!(command instanceof DirectS3Command))
      return (await this.sdkClient()).send(command as never, options);
    const credentials = directCredentials(this.options.credentials);
    const endpoint = directEndpoint('S3', 's3', this.config.region);
    if (!credentials || !endpoint) {
      const sdk = (await import('@aws-sdk/client-s3')) as unknown as Record<
        string,
        new (input: unknown) => never
      >;
      const SdkCommand = sdk[`${command.operation}Command`];
      return (await this.sdkClient()).send(new SdkCommand(command.input), options);
    }
    const custom = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
    return withAttempts(this.config.maxAttempts, async () => {
      const once = async (region: string, at: URL) => {
        const { method, url } = requestFor(command.operation, command.input, at, this.pathStyle);
        return this.connections.send({
          method,
          url,
          service: 's3',
          region,
          credentials,
          s3: true,
          connectTimeoutMs: this.config.requestHandler.connectionTimeout,
          requestTimeoutMs: this.config.requestHandler.requestTimeout,
          abortSignal: options.abortSignal,
        });
      };
      let response = await once(this.config.region, endpoint);
      // A bucket in another region (followRegionRedirects, as the SDK client is configured).
      const bucketRegion = response.headers['x-amz-bucket-region'] as string | undefined;
      if (
        !custom &&
        bucketRegion &&
        bucketRegion !== this.config.region &&
        (response.status === 301 || response.status === 400)
      ) {
        const other = directEndpoint('S3', 's3', bucketRegion);
        if (other) response = await once(bucketRegion, other);
      }
      return parseAnswer(command.operation, response);
    });
  }

  private direct?: { objects?: DirectS3Objects };

  /**
   * The transfers' object calls sent directly (s3-objects.ts), or undefined where the SDK must
   * serve them (credentials or endpoint only its chain knows).
   */
  objects(): DirectS3Objects | undefined {
    if (!this.direct) {
      const credentials = directCredentials(this.options.credentials);
      const endpoint = directEndpoint('S3', 's3', this.config.region);
      const custom = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
      this.direct = {
        objects:
          credentials && endpoint
            ? new DirectS3Objects({
                endpoint,
                region: this.config.region,
                credentials,
                pathStyle: this.pathStyle,
                connectTimeoutMs: this.config.requestHandler.connectionTimeout,
                requestTimeoutMs: this.config.requestHandler.requestTimeout,
                idleTimeoutMs: this.config.requestHandler.socketTimeout,
                followRegions: !custom,
              })
            : undefined,
      };
    }
    return this.direct.objects;
  }

  private sdkClient(): Promise<S3Client> {
    this.sdk ??= import('@aws-sdk/client-s3').then(
      ({ S3Client }) =>
        new S3Client({
          ...this.config,
          forcePathStyle: this.pathStyle,
          // A bucket in another region than AWS_REGION answers 301: follow it instead of failing.
          followRegionRedirects: true,
        }),
    );
    return this.sdk;
  }

  destroy(): void {
    this.connections.destroy();
    this.direct?.objects?.destroy();
    void this.sdk?.then((client) => client.destroy());
  }
}

export async function createS3Client(options: ClientOptions = {}): Promise<S3Client> {
  return new DirectS3Client(options) as unknown as S3Client;
}
