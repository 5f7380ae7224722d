import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type {
  CompleteCall,
  DeleteCall,
  DeleteFailure,
  ListCall,
  ListedPage,
  ObjectBody,
  ObjectCall,
  S3Objects,
} from '@cat-actions/aws';
import { s3Commands } from './s3-commands';

/**
 * The transfers' object calls through an SDK S3Client: for credentials only the SDK's chain
 * can find (profiles, SSO, instance or container metadata) and for callers that hand over their
 * own client. The same bodies as the direct path: the SHA-256 is sent as `ChecksumSHA256` on a
 * single PutObject (S3 refuses a damaged body), a file body is a fresh stream per attempt.
 */
export class SdkObjects implements S3Objects {
  constructor(private readonly client: S3Client) {}

  async putObject(call: ObjectCall & { body: ObjectBody; contentType?: string }): Promise<void> {
    const { PutObjectCommand } = await s3Commands();
    await this.client.send(
      new PutObjectCommand({
        Bucket: call.bucket,
        Key: call.key,
        Body: bodyOf(call.body),
        ContentLength: call.body.length,
        ChecksumSHA256: call.body.sha256.toString('base64'),
        ...(call.contentType ? { ContentType: call.contentType } : {}),
      }),
      options(call),
    );
  }

  async getObject(call: ObjectCall): Promise<Readable> {
    const { GetObjectCommand } = await s3Commands();
    const response = await this.client.send(
      new GetObjectCommand({ Bucket: call.bucket, Key: call.key }),
      options(call),
    );
    return response.Body as Readable;
  }

  async createMultipartUpload(call: ObjectCall): Promise<string> {
    const { CreateMultipartUploadCommand } = await s3Commands();
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: call.bucket, Key: call.key }),
      options(call),
    );
    return UploadId ?? '';
  }

  async uploadPart(
    call: ObjectCall & { uploadId: string; partNumber: number; body: ObjectBody },
  ): Promise<string> {
    const { UploadPartCommand } = await s3Commands();
    const { ETag } = await this.client.send(
      new UploadPartCommand({
        Bucket: call.bucket,
        Key: call.key,
        UploadId: call.uploadId,
        PartNumber: call.partNumber,
        Body: bodyOf(call.body),
        ContentLength: call.body.length,
      }),
      options(call),
    );
    return ETag ?? '';
  }

  async completeMultipartUpload(call: CompleteCall): Promise<void> {
    const { CompleteMultipartUploadCommand } = await s3Commands();
    await this.client.send(
      new CompleteMultipartUploadCommand({
        ...uploadOf(call),
        MultipartUpload: {
          Parts: call.parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
        },
      }),
      options(call),
    );
  }

  async abortMultipartUpload(call: ObjectCall & { uploadId: string }): Promise<void> {
    const { AbortMultipartUploadCommand } = await s3Commands();
    await this.client.send(new AbortMultipartUploadCommand(uploadOf(call)), options(call));
  }

  async listObjectsPage(call: ListCall): Promise<ListedPage> {
    const { ListObjectsV2Command } = await s3Commands();
    const page = await this.client.send(
      new ListObjectsV2Command({
        Bucket: call.bucket,
        Prefix: call.prefix,
        ContinuationToken: call.token,
      }),
      { abortSignal: call.signal },
    );
    return {
      objects: (page.Contents ?? [])
        .filter((item) => item.Key !== undefined)
        .map((item) => ({ key: item.Key!, size: item.Size ?? 0 })),
      next: page.IsTruncated ? page.NextContinuationToken : undefined,
    };
  }

  async deleteObject(call: ObjectCall): Promise<void> {
    const { DeleteObjectCommand } = await s3Commands();
    await this.client.send(
      new DeleteObjectCommand({ Bucket: call.bucket, Key: call.key }),
      options(call),
    );
  }

  async deleteObjects(call: DeleteCall): Promise<DeleteFailure[]> {
    const { DeleteObjectsCommand } = await s3Commands();
    const response = await this.client.send(
      new DeleteObjectsCommand({
        Bucket: call.bucket,
        Delete: { Objects: call.keys.map((Key) => ({ Key })), Quiet: true },
      }),
      { abortSignal: call.signal },
    );
    return (response.Errors ?? []).map((e) => ({
      key: e.Key ?? '',
      code: e.Code ?? '',
      message: e.Message ?? '',
    }));
  }
}

const options = (call: ObjectCall) => ({
  abortSignal: call.signal,
  ...(call.timeoutMs ? { requestTimeout: call.timeoutMs } : {}),
});

const uploadOf = (call: ObjectCall & { uploadId: string }) => ({
  Bucket: call.bucket,
  Key: call.key,
  UploadId: call.uploadId,
});

function bodyOf(body: ObjectBody): Buffer | Readable {
  return Buffer.isBuffer(body.data) ? body.data : body.data();
}
