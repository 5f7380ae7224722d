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
 * The manifest as it is stored, in pieces: joined, exactly the text of
 * `JSON.stringify(manifest, null, 1) + '\n'`. For 50,000 files that text is ~7 MiB; built as one
 * string and then copied into a Buffer, it held twice that (plus V8's string builder) at the end
 * of an upload, the peak of its memory (issue 14). Here each file is stringified on its own, so
 * nothing larger than one entry is ever a string; the uploader hashes the pieces, then streams
 * them (transfer's putPieces).
 */
export function* manifestPieces(manifest: PartManifest): Generator<string> {
  // The fields around the file list, in the manifest's own key order.
  const around = JSON.stringify({ ...manifest, files: FILES_PLACEHOLDER }, null, 1).split(
    JSON.stringify(FILES_PLACEHOLDER),
  );
  if (around.length !== 2) {
    // Only a field holding the placeholder itself could split it otherwise: the plain way.
    yield `${JSON.stringify(manifest, null, 1)}\n`;
    return;
  }
  const [before, after] = around;
  const { files } = manifest;
  if (files.length === 0) {
    yield `${before}[]${after}\n`;
    return;
  }
  yield `${before}[`;
  for (let i = 0; i < files.length; i++) {
    // An entry at depth 2: JSON.stringify indents its lines by two more spaces there.
    yield `${i === 0 ? '' : ','}\n  ${JSON.stringify(files[i], null, 1).replace(/\n/g, '\n  ')}`;
  }
  yield `\n ]${after}\n`;
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
