// `aws s3 sync <folder> s3://bucket/prefix/ [--delete] [--only-show-errors] [--endpoint-url URL]`
// for the stand-in aws CLI, with the AWS SDK: uploads the files that are new or differ in size or
// are newer than their copy, and with --delete removes the objects that have no local file, as
// the real command does. Credentials, region and AWS_ENDPOINT_URL_S3 come from the environment.
'use strict';
const { readdirSync, readFileSync, statSync } = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} = require('@aws-sdk/client-s3');

function localFiles(root) {
  const files = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.set(path.relative(root, full).split(path.sep).join('/'), full);
    }
  };
  walk(root);
  return files;
}

/** Path-style addressing for an endpoint on an IP address or localhost, as the CLI picks it. */
function pathStyle(endpoint) {
  if (!endpoint) return false;
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');
}

async function sync(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(argv.indexOf('sync') + 1),
      options: {
        'endpoint-url': { type: 'string' },
        region: { type: 'string' },
        delete: { type: 'boolean' },
        'only-show-errors': { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs: "Unknown option '--exclude'..."; the real CLI has many more the stand-in lacks.
    const name = /'(--[^' ]+)/.exec(error.message)?.[1] ?? error.message;
    throw new Error(`stand-in aws s3 sync: unsupported option ${name}`);
  }
  const { values, positionals } = parsed;
  const endpoint =
    values['endpoint-url'] || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL;
  const region = values.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  const remove = Boolean(values.delete);
  const quiet = Boolean(values['only-show-errors'] || values.quiet);
  const [source, target] = positionals;
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(target || '');
  if (!source || !m || source.startsWith('s3://')) {
    throw new Error('stand-in aws s3 sync supports <local folder> s3://bucket/prefix only');
  }
  const [, bucket, rawPrefix] = m;
  const prefix = rawPrefix && !rawPrefix.endsWith('/') ? `${rawPrefix}/` : rawPrefix;
  const s3 = new S3Client({
    region: region || 'us-east-1',
    endpoint,
    forcePathStyle: pathStyle(endpoint),
  });
  try {
    const remote = new Map();
    let token;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents || []) remote.set(o.Key.slice(prefix.length), o);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const files = localFiles(source);
    for (const [name, full] of files) {
      const stat = statSync(full);
      const copy = remote.get(name);
      if (copy && copy.Size === stat.size && copy.LastModified >= stat.mtime) continue;
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: prefix + name, Body: readFileSync(full) }),
      );
      if (!quiet) process.stdout.write(`upload: ${full} to s3://${bucket}/${prefix}${name}\n`);
    }
    if (remove) {
      const gone = [...remote.keys()].filter((name) => !files.has(name));
      for (let i = 0; i < gone.length; i += 1000) {
        const batch = gone.slice(i, i + 1000).map((name) => ({ Key: prefix + name }));
        await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch } }));
      }
      if (!quiet)
        for (const name of gone) process.stdout.write(`delete: s3://${bucket}/${prefix}${name}\n`);
    }
  } finally {
    s3.destroy();
  }
}

module.exports = { sync };
