// s3rver as s3rver-process.cjs runs it, with two fixes a whole pipeline (the demo, the workflow
// runs) needs (DESIGN.md section 4 describes the faults):
// - it accepts any access key: steps sign with the temporary credentials the fake STS issued to
//   assume-role, as they would sign with AWS's, and s3rver knows only its own key S3RVER
//   (signatures are not checked);
// - `/`-delimited listings hold every common prefix, also one with no object directly under it
//   (s3rver skips those, so latest-dataset would find no dataset under <tenant>/datasets/). They
//   come in one page, which is all a demo-sized bucket needs.
const AWSAccount = require('s3rver/lib/models/account');
const FilesystemStore = require('s3rver/lib/stores/filesystem');

const known = AWSAccount.registry.get.bind(AWSAccount.registry);
AWSAccount.registry.get = (accessKeyId) => known(accessKeyId) ?? AWSAccount.DUMMY_ACCOUNT;

const { walk } = require('s3rver/lib/utils');

const listObjects = FilesystemStore.prototype.listObjects;
const OBJECT_SUFFIX = '._S3rver_object';
FilesystemStore.prototype.listObjects = async function (bucket, options) {
  const { delimiter } = options;
  if (!delimiter) return listObjects.call(this, bucket, options);
  const prefix = options.prefix || '';
  // The objects directly under the prefix, with their metadata, as s3rver finds them...
  const direct = await listObjects.call(this, bucket, { ...options, maxKeys: Infinity });
  // ...and every common prefix, from the key names alone (reading the metadata of every key
  // below them fails on a bucket of 50,000 objects): one object found below a prefix is enough,
  // the rest of its folder is skipped.
  const commonPrefixes = new Set(direct.commonPrefixes);
  const bucketPath = this.getBucketPath(bucket);
  const keyOf = (file) => FilesystemStore.decodeKeyPath(file.slice(bucketPath.length + 1));
  const commonPrefixOf = (key) => {
    const at = key.slice(prefix.length).indexOf(delimiter);
    return at === -1 ? undefined : key.slice(0, prefix.length + at + delimiter.length);
  };
  const worthWalking = (dir) => {
    const key = `${keyOf(dir)}/`;
    if (!key.startsWith(prefix)) return prefix.startsWith(key);
    const common = commonPrefixOf(key);
    return !(common && commonPrefixes.has(common));
  };
  for (const file of walk(bucketPath, worthWalking)) {
    if (!file.endsWith(OBJECT_SUFFIX)) continue;
    const key = keyOf(file.slice(0, -OBJECT_SUFFIX.length));
    const common = key.startsWith(prefix) ? commonPrefixOf(key) : undefined;
    if (common) commonPrefixes.add(common);
  }
  return { ...direct, commonPrefixes: [...commonPrefixes].sort(), isTruncated: false };
};

require('./s3rver-process.cjs');
