// The demo's S3: s3rver as tests/support/s3rver-process.cjs runs it, except that it accepts any
// access key. Steps sign with the temporary credentials the fake STS issued to assume-role, as they
// would sign with AWS's, and s3rver knows only its own key S3RVER (signatures are not checked).
const AWSAccount = require('s3rver/lib/models/account');

const known = AWSAccount.registry.get.bind(AWSAccount.registry);
AWSAccount.registry.get = (accessKeyId) => known(accessKeyId) ?? AWSAccount.DUMMY_ACCOUNT;
require('../../tests/support/s3rver-process.cjs');
