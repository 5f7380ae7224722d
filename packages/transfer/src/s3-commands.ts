type S3Module = typeof import('@aws-sdk/client-s3');

let loading: Promise<S3Module> | undefined;

/**
 * The S3 command classes, imported once. Loaded lazily like every SDK module here, but cached:
 * bundlers turn each `import()` of a CommonJS module into a fresh copy of its thousands of
 * exports, which profiling showed as the largest CPU cost per small file.
 */
export function s3Commands(): Promise<S3Module> {
  loading ??= import('@aws-sdk/client-s3');
  return loading;
}
