import { InputError } from './errors';

/**
 * A part (`<tenant>/datasets/<dataset>/<part>/`) is complete only when its manifest is present.
 * The uploader writes UPLOAD_MARKER first, then every file, then MANIFEST (file list, sizes,
 * SHA-256), then deletes the marker. So:
 *   manifest present             -> complete (files are verified against it on download)
 *   marker present, no manifest  -> an upload started and never finished: incomplete, never chosen
 *   neither                      -> written before manifests existed: complete unless strict
 */
export const UPLOAD_MARKER = '_cat_upload_started.json';
export const MANIFEST = '_cat_manifest.json';
export const MANIFEST_VERSION = 1;

export interface ManifestFile {
  /** Path relative to the part folder, `/`-separated. */
  path: string;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
}

export interface PartManifest {
  version: typeof MANIFEST_VERSION;
  tenant: string;
  dataset: string;
  part: string;
  createdAt: string;
  fileCount: number;
  totalBytes: number;
  files: ManifestFile[];
}

export type PartState = 'complete' | 'incomplete' | 'legacy';

/** What the names directly under a part folder say about it (see above). */
export function partState(fileNames: Iterable<string>): PartState {
  const names = new Set(fileNames);
  if (names.has(MANIFEST)) return 'complete';
  if (names.has(UPLOAD_MARKER)) return 'incomplete';
  return 'legacy';
}

export function isControlFile(relativePath: string): boolean {
  return relativePath === MANIFEST || relativePath === UPLOAD_MARKER;
}

export function buildManifest(
  identity: Pick<PartManifest, 'tenant' | 'dataset' | 'part'>,
  files: ManifestFile[],
  createdAt = new Date(),
): PartManifest {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    version: MANIFEST_VERSION,
    ...identity,
    createdAt: createdAt.toISOString(),
    fileCount: sorted.length,
    totalBytes: sorted.reduce((sum, f) => sum + f.size, 0),
    files: sorted,
  };
}

/** Stands for the file list while the rest of the manifest is written by JSON.stringify. */
const FILES_PLACEHOLDER = '\u0000cat-manifest-files';

/**
 * The manifest as it is stored: exactly the bytes of `JSON.stringify(manifest, null, 1) + '\n'`,
 * written straight into one Buffer of the right size. For 50,000 files the text is ~7 MiB; built
 * as one string and then copied into a Buffer it held twice that (plus V8's string builder) at
 * the end of an upload, the peak of its memory (issue 14). Each file is stringified on its own
 * (twice: to size the Buffer, then into it), so nothing larger than one entry is ever a string.
 */
export function manifestBytes(manifest: PartManifest): Buffer {
  // The fields around the file list, in the manifest's own key order.
  const around = JSON.stringify({ ...manifest, files: FILES_PLACEHOLDER }, null, 1).split(
    JSON.stringify(FILES_PLACEHOLDER),
  );
  // Only a field holding the placeholder itself could split it otherwise: then the plain way.
  if (around.length !== 2) return Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`, 'utf8');
  const [before, after] = around;
  const { files } = manifest;
  // An entry at depth 2: JSON.stringify indents its lines by two more spaces there.
  const entry = (i: number) =>
    `${i === 0 ? '' : ','}\n  ${JSON.stringify(files[i], null, 1).replace(/\n/g, '\n  ')}`;
  const open = files.length === 0 ? '[]' : '[';
  const close = files.length === 0 ? '' : '\n ]';
  const tail = `${close}${after}\n`;
  let size = Buffer.byteLength(before) + Buffer.byteLength(open) + Buffer.byteLength(tail);
  for (let i = 0; i < files.length; i++) size += Buffer.byteLength(entry(i));
  const bytes = Buffer.allocUnsafe(size);
  let at = bytes.write(before);
  at += bytes.write(open, at);
  for (let i = 0; i < files.length; i++) at += bytes.write(entry(i), at);
  at += bytes.write(tail, at);
  if (at !== size) throw new Error(`manifest serialisation wrote ${at} of ${size} bytes`);
  return bytes;
}

/** Parses and checks a manifest read from S3; a damaged one is an error, never "complete". */
export function parseManifest(text: string, where: string): PartManifest {
  let doc: PartManifest;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError({ input: where, expected: 'a JSON part manifest' });
  }
  const validFile = (f: ManifestFile) =>
    typeof f?.path === 'string' &&
    f.path !== '' &&
    !f.path.split('/').includes('..') &&
    Number.isSafeInteger(f.size) &&
    f.size >= 0 &&
    /^[0-9a-f]{64}$/.test(f.sha256);
  if (
    doc?.version !== MANIFEST_VERSION ||
    !Array.isArray(doc.files) ||
    !doc.files.every(validFile) ||
    doc.fileCount !== doc.files.length
  ) {
    throw new InputError({
      input: where,
      expected: `a version ${MANIFEST_VERSION} part manifest with files [{path, size, sha256}]`,
    });
  }
  return doc;
}
