import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { signatureHeaders, type SignedRequest } from '../../../packages/aws/src/signed-request';

/**
 * Requests whose body is sent by the caller (a buffer or a file stream, s3-objects.ts): the
 * payload hash is given, not computed from `body`, and signed like the SDK signs S3 payloads.
 */
const DOC_KEYS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function putObject(overrides: Partial<SignedRequest> = {}): SignedRequest {
  return {
    method: 'PUT' as SignedRequest['method'],
    url: new URL('https://examplebucket.s3.amazonaws.com/test%24file.text'),
    service: 's3',
    region: 'us-east-1',
    s3: true,
    credentials: DOC_KEYS,
    headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
    payloadHash: sha256('Welcome to Amazon S3.'),
    connectTimeoutMs: 1000,
    requestTimeoutMs: 1000,
    ...overrides,
  };
}

describe('a PUT with a signed payload hash', () => {
  it("matches AWS's documented example (S3 API reference, SigV4 header auth: PUT Object)", () => {
    const headers = signatureHeaders(putObject(), new Date('2013-05-24T00:00:00Z'));
    expect(headers['x-amz-content-sha256']).toBe(
      '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, ' +
        'Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });

  it('signs the given hash, not the (absent) body: another body gives another signature', () => {
    const at = new Date('2013-05-24T00:00:00Z');
    const other = signatureHeaders(putObject({ payloadHash: sha256('Welcome to Amazon S3!') }), at);
    expect(other['x-amz-content-sha256']).toBe(sha256('Welcome to Amazon S3!'));
    expect(other.authorization).not.toContain(
      '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });

  it('derives the signing key again when the secret, day or region changes (the key is cached)', () => {
    const at = new Date('2013-05-24T00:00:00Z');
    const first = signatureHeaders(putObject(), at).authorization;
    const otherSecret = signatureHeaders(
      putObject({ credentials: { ...DOC_KEYS, secretAccessKey: 'another' } }),
      at,
    ).authorization;
    const otherDay = signatureHeaders(putObject(), new Date('2013-05-25T00:00:00Z')).authorization;
    const otherRegion = signatureHeaders(putObject({ region: 'eu-west-1' }), at).authorization;
    expect(new Set([first, otherSecret, otherDay, otherRegion]).size).toBe(4);
    // Back to the documented request: the documented signature, whatever was cached meanwhile.
    expect(signatureHeaders(putObject(), at).authorization).toBe(first);
    expect(first).toContain(
      'Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });
});
