/**
 * What the pipeline left in S3, listed under the tenant's prefix and printed as a tree with sizes.
 */
import { formatBytes } from '@cat-actions/core';

export interface S3Object {
  key: string;
  size: number;
}

export interface S3Location {
  endpoint: string;
  env: Record<string, string>;
}

async function clientFor(s3: S3Location) {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    region: s3.env.AWS_REGION ?? 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: {
      accessKeyId: s3.env.AWS_ACCESS_KEY_ID ?? 'S3RVER',
      secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY ?? 'S3RVER',
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Every object under `prefix`, following every page. */
export async function listObjects(
  s3: S3Location,
  bucket: string,
  prefix: string,
): Promise<S3Object[]> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const client = await clientFor(s3);
  const objects: S3Object[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) objects.push({ key: o.Key!, size: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } finally {
    client.destroy();
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** One object's text. */
export async function readObject(s3: S3Location, bucket: string, key: string): Promise<string> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const client = await clientFor(s3);
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body!.transformToString();
  } finally {
    client.destroy();
  }
}

interface Folder {
  folders: Map<string, Folder>;
  files: S3Object[];
  bytes: number;
  count: number;
}

const newFolder = (): Folder => ({ folders: new Map(), files: [], bytes: 0, count: 0 });

/**
 * The tree under `prefix`, folders with their file count and size; at most `filesPerFolder` files
 * are named per folder so a dataset of thousands of files stays readable.
 */
export function renderTree(objects: S3Object[], prefix: string, filesPerFolder = 6): string[] {
  const root = newFolder();
  for (const object of objects) {
    const parts = object.key.slice(prefix.length).split('/');
    let folder = root;
    folder.bytes += object.size;
    folder.count++;
    for (const name of parts.slice(0, -1)) {
      if (!folder.folders.has(name)) folder.folders.set(name, newFolder());
      folder = folder.folders.get(name)!;
      folder.bytes += object.size;
      folder.count++;
    }
    folder.files.push({ key: parts[parts.length - 1], size: object.size });
  }
  const lines: string[] = [];
  const walk = (folder: Folder, indent: string) => {
    for (const [name, sub] of folder.folders) {
      const files = `${sub.count} file${sub.count === 1 ? '' : 's'}`;
      lines.push(`${indent}${name}/`.padEnd(56) + `${files}, ${formatBytes(sub.bytes)}`);
      walk(sub, `${indent}  `);
    }
    for (const file of folder.files.slice(0, filesPerFolder)) {
      lines.push(`${indent}${file.key}`.padEnd(56) + formatBytes(file.size));
    }
    const more = folder.files.length - filesPerFolder;
    if (more > 0) lines.push(`${indent}… ${more} more file${more === 1 ? '' : 's'}`);
  };
  walk(root, '');
  return lines;
}
