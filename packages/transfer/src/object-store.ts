import type { S3Client } from '@aws-sdk/client-s3';
import { isS3Objects, type S3Objects } from '@cat-actions/aws';
import { SdkObjects } from './sdk-objects';

/**
 * What a transfer is handed: the actions' S3 client (packages/aws createS3Client), an SDK
 * S3Client, or object calls directly (tests against a fault proxy).
 */
export type S3Target = S3Client | S3Objects;

const adapters = new WeakMap<object, S3Objects>();

/**
 * The object calls for `client`: sent directly when the actions' client can (credentials and
 * endpoint at hand: no SDK code loaded, no SDK work per request), else through the SDK. One
 * instance per client, so its throttle (retry.ts) is shared by every request of the client.
 */
export function objectsOf(client: S3Target): S3Objects {
  if (isS3Objects(client)) return client;
  let objects = adapters.get(client);
  if (!objects) {
    const direct = (client as { objects?: () => S3Objects | undefined }).objects?.();
    objects = direct ?? new SdkObjects(client);
    adapters.set(client, objects);
  }
  return objects;
}
