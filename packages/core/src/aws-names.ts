/**
 * The AWS-shaped names the pipeline handles: bucket names (and the prefix find-bucket matches),
 * regions and Secrets Manager secret names. Checked before any request, so a typo fails in
 * milliseconds with the rule it broke, instead of as an SDK error halfway through a step.
 */
import { checkedInput } from './errors';

/**
 * S3 general purpose bucket naming rules: 3 to 63 of lower-case letters, digits, dots and hyphens,
 * starting and ending with a letter or digit, no two dots in a row, not an IP address, and not
 * one of the prefixes and suffixes AWS reserves.
 */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function isBucketName(name: string): boolean {
  return (
    BUCKET_NAME.test(name) &&
    !name.includes('..') &&
    !IP_ADDRESS.test(name) &&
    !RESERVED_BUCKET_PREFIXES.some((p) => name.startsWith(p)) &&
    !RESERVED_BUCKET_SUFFIXES.some((s) => name.endsWith(s))
  );
}

export function validateBucketName(value: string, input = 'bucket'): string {
  return checkedInput(value, isBucketName, {
    input,
    expected:
      'an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending ' +
      'with a letter or digit (the input, or S3_BUCKET_NAME from find-bucket)',
    example: 'cat-scraper-data-dev',
  });
}

/** The start of a bucket name: what find-bucket matches (BUCKET_PREFIX). */
const BUCKET_PREFIX = /^[a-z0-9][a-z0-9.-]{0,62}$/;

export function validateBucketPrefix(value: string, input = 'prefix'): string {
  const isPrefix = (prefix: string) =>
    BUCKET_PREFIX.test(prefix) &&
    !prefix.includes('..') &&
    !RESERVED_BUCKET_PREFIXES.some((p) => prefix.startsWith(p));
  return checkedInput(value, isPrefix, {
    input,
    expected:
      value.trim() === ''
        ? 'the start of the bucket name (the input, or the BUCKET_PREFIX variable)'
        : 'the start of an S3 bucket name: lower-case letters, digits, dots and hyphens, at most 63',
    example: 'cat-scraper-data-',
  });
}

/** `eu-west-1`, `us-gov-west-1`, `ap-southeast-5`, `cn-north-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isRegion(value: string): boolean {
  return REGION.test(value);
}

export function validateRegion(
  value: string,
  input = 'region',
  expected = 'an AWS region code',
): string {
  return checkedInput(value, isRegion, { input, expected, example: 'eu-west-1' });
}

/**
 * Secrets Manager secret names: 1 to 512 of letters, digits and / _ + = . @ - (AWS's own rule),
 * or a secret's full ARN. Nothing else reaches the API, a log line or a step summary.
 */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN =
  /^arn:aws(-[a-z]+)*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_CHARACTERS = 'letters, digits and / _ + = . @ -';

export function validateSecretName(value: string, input = 'secret-name'): string {
  return checkedInput(value, (name) => SECRET_NAME.test(name) || SECRET_ARN.test(name), {
    input,
    expected: `a Secrets Manager secret name: 1 to 512 ${SECRET_CHARACTERS}, or the secret's ARN`,
    example: 'cat-be-scraper-secrets',
  });
}

/** What follows the tenant name in the default secret name (`-scraper-secrets`). */
const SECRET_SUFFIX = /^[A-Za-z0-9/_+=.@-]{1,256}$/;

export function validateSecretSuffix(value: string, input = 'secret-suffix'): string {
  // Taken as given, not trimmed: the suffix is appended to the tenant name character for character.
  return checkedInput(value, () => SECRET_SUFFIX.test(value), {
    input,
    expected: `1 to 256 ${SECRET_CHARACTERS}, appended to the tenant name`,
    example: '-scraper-secrets',
  });
}

/**
 * The secret a stage reads: `none` (any case) says the stage needs no secret, the spelling the old
 * pipeline's variables used to switch it off; anything else must be a valid secret name or ARN.
 */
export function stageSecretName(value: string, input = 'secret-name'): string {
  if (value === '' || value.toLowerCase() === 'none') return '';
  return validateSecretName(value, input);
}
