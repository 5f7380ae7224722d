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

const listObjects = FilesystemStore.prototype.listObjects;
FilesystemStore.prototype.listObjects = async function (bucket, options) {
  const { delimiter, ...rest } = options;
  if (!delimiter) return listObjects.call(this, bucket, options);
  const all = await listObjects.call(this, bucket, { ...rest, maxKeys: Infinity });
  const prefix = options.prefix || '';
  const objects = [];
  const commonPrefixes = new Set();
  for (const object of all.objects) {
    const at = object.key.slice(prefix.length).indexOf(delimiter);
    if (at === -1) objects.push(object);
    else commonPrefixes.add(object.key.slice(0, prefix.length + at + delimiter.length));
  }
  return { objects, commonPrefixes: [...commonPrefixes].sort(), isTruncated: false };
};

require('./s3rver-process.cjs');
