import { InputError } from './errors';
import { isPartName } from './layout';

/**
 * A part (`<tenant>/datasets/<dataset>/<part>/`) is complete only when its manifest is present.
 * The uploader writes UPLOAD_MARKER first, then every file, then MANIFEST (file list, sizes,
 * SHA-256), then deletes the marker. So:
 *   manifest present             -> complete (files are verified against it on download)
 *   marker present, no manifest  -> an upload started and never finished: incomplete, never chosen
 *   neither                      -> written before manifests existed: complete unless strict
 * Since issue 14 a completion record beside the part folders (below) also says "complete", so that
 * LATEST can tell without reading the manifest.
 */
export const UPLOAD_MARKER = '_cat_upload_started.json';
export const MANIFEST = '_cat_manifest.json';
export const MANIFEST_VERSION = 1;

/**
 * A completion record: an empty-looking object written beside the part folders, after the part's
 * manifest, saying in its name alone that the part is complete and how big it is:
 *
 *   <tenant>/datasets/<dataset>/_cat_complete.<part>.<fileCount>f.<totalBytes>b
 *   e.g. cat-be/datasets/20240328_084742_utc/_cat_complete.2b_processed.1200f.53477b
 *
 * Why: LATEST lists the dataset folder (`/`-delimited) anyway to find its part folders; that same
 * listing returns the records as keys, so a part with a record needs no GetObject of its manifest
 * (issue 14: the newest dataset costs one request whatever the number of parts). A listing shows
 * no metadata, hence the counts in the key. The uploader deletes a part's record before it
 * deletes the old manifest and writes it after the new manifest, so a record is never there while
 * the part is being rewritten. A part without a record (written before records) is checked by its
 * manifest as before. The name starts with `_cat_`, so it is never a part name (1b*, 2b*, 3b*) nor
 * a dataset name, and it is a key directly under the dataset folder, never a folder itself. The
 * counts are always the last two dot-separated fields, so a part name with dots parses back whole.
 */
export const COMPLETION_RECORD_PREFIX = '_cat_complete.';
const COMPLETION_RECORD = /^_cat_complete\.(.+)\.(\d{1,15})f\.(\d{1,15})b$/;

export interface CompletionRecord {
  part: string;
  fileCount: number;
  totalBytes: number;
}

/** Where the records of `part` (and of parts whose names start with `<part>.`) begin. */
export const completionRecordPrefix = (part: string) => `${COMPLETION_RECORD_PREFIX}${part}.`;

/** The record's name (relative to the dataset folder) for a complete part. */
export function completionRecordName({ part, fileCount, totalBytes }: CompletionRecord): string {
  // Callers pass a part folder's name and a manifest's counts: anything else is a bug here.
  if (!isPartName(part)) {
    throw new RangeError(`completionRecordName: not a part name ${JSON.stringify(part)}`);
  }
  if (![fileCount, totalBytes].every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError(`completionRecordName: not counts ${fileCount}, ${totalBytes}`);
  }
  return `${completionRecordPrefix(part)}${fileCount}f.${totalBytes}b`;
}

/** The record a name (relative to the dataset folder) stands for; undefined for any other name. */
export function parseCompletionRecord(name: string): CompletionRecord | undefined {
  const match = COMPLETION_RECORD.exec(name);
  if (!match || !isPartName(match[1])) return undefined;
  const [fileCount, totalBytes] = [Number(match[2]), Number(match[3])];
  if (!Number.isSafeInteger(fileCount) || !Number.isSafeInteger(totalBytes)) return undefined;
  return { part: match[1], fileCount, totalBytes };
}

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
