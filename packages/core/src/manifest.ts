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

/**
 * The order of a manifest's file list, and of every list of a part's files that must line up with
 * it (the upload's walk of the folder, a download's plan): paths by UTF-16 code units, as `<`
 * compares strings.
 */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildManifest(
  identity: Pick<PartManifest, 'tenant' | 'dataset' | 'part'>,
  files: ManifestFile[],
  createdAt = new Date(),
): PartManifest {
  const sorted = [...files].sort((a, b) => comparePaths(a.path, b.path));
  return {
    ...manifestHeader(identity, sorted.length, totalOf(sorted), createdAt),
    files: sorted,
  };
}

const totalOf = (files: ManifestFile[]) => files.reduce((sum, f) => sum + f.size, 0);

/** A manifest's fields besides its file list, in their stored order. */
export function manifestHeader(
  identity: Pick<PartManifest, 'tenant' | 'dataset' | 'part'>,
  fileCount: number,
  totalBytes: number,
  createdAt: Date,
): ManifestHeader {
  return {
    version: MANIFEST_VERSION,
    ...identity,
    createdAt: createdAt.toISOString(),
    fileCount,
    totalBytes,
  };
}

/**
 * The file list as manifestPieces reads it: an array, or entries made one at a time from a
 * compact store (the uploader's, which must not hold 50,000 objects at its memory peak). Sorted
 * by path.
 */
export interface ManifestFileList {
  readonly length: number;
  at(index: number): ManifestFile | undefined;
}

/** A manifest to be written: its fields, and its file list in any ManifestFileList. */
export type ManifestToWrite = ManifestHeader & { files: ManifestFileList };

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
export function* manifestPieces(manifest: ManifestToWrite): Generator<string> {
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
    // Within the list's length, `at` always has an entry (arrays type it as possibly undefined).
    yield `${i === 0 ? '' : ','}\n  ${entryText(files.at(i) as ManifestFile)}`;
  }
  yield `\n ]${after}\n`;
}

/**
 * One file entry as `JSON.stringify(manifest, null, 1)` writes it in the file list (depth 2), made
 * directly: stringifying the entry and indenting it again made ~4 strings per file, ~30 MiB of
 * garbage for 50,000 files at the end of an upload, where its RSS peaked (issue 14).
 */
function entryText({ path, size, sha256 }: ManifestFile): string {
  return `{\n   "path": ${JSON.stringify(path)},\n   "size": ${JSON.stringify(size)},\n   "sha256": ${JSON.stringify(sha256)}\n  }`;
}

/** What a manifest says besides its file list: its other fields, as stored. */
export type ManifestHeader = Omit<PartManifest, 'files'>;

/** Where a ManifestReader hands each file entry of the manifest, once checked. */
export interface ManifestFileSink {
  /** One entry of the file list, in the manifest's order, checked as parseManifest checks it. */
  file(file: ManifestFile): void;
  /**
   * Forget every entry handed so far: a second `files` key starts, and JSON.parse keeps the last
   * one. Never called for a manifest the uploader wrote.
   */
  restart(): void;
}

const isManifestFile = (f: ManifestFile) =>
  typeof f?.path === 'string' &&
  f.path !== '' &&
  !f.path.split('/').includes('..') &&
  Number.isSafeInteger(f.size) &&
  f.size >= 0 &&
  /^[0-9a-f]{64}$/.test(f.sha256);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const isJsonSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Reads a part manifest as it arrives, text chunk by text chunk, and hands each entry of its file
 * list to a sink as soon as that entry is whole: the manifest is never held as one text, nor as
 * one parsed document (issue 14: a 50,000-file download held ~7 MiB of text and ~8 MiB of parsed
 * entries at its peak). Accepts and refuses exactly what parseManifest does, with the same errors:
 *   - each entry of the top-level `files` array is parsed on its own (JSON.parse) and checked;
 *   - the rest (the text with those entries left out, ~300 bytes) is parsed once at the end;
 *   - the commas between entries are checked here, so the whole is valid JSON exactly when
 *     these parts are. A syntax error anywhere wins over a bad field, as with one JSON.parse.
 * The scanner only follows strings and nesting depth; it decides nothing JSON.parse does not.
 */
export class ManifestReader {
  /** Text kept between chunks: an entry or a key not yet whole. */
  private carry = '';
  /** The manifest without its file entries, in pieces. */
  private readonly outside: string[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  private topIsObject = false;
  private expectKey = false;
  /** Index (in the current text) of the top-level key being read, or -1. */
  private keyStart = -1;
  private key: string | undefined;
  /** The next value at depth 1 is the one of a `files` key. */
  private filesNext = false;
  private inFiles = false;
  /** Index of the entry being read, or -1. */
  private entryStart = -1;
  private commaPending = false;
  /** Index from which text belongs to `outside`, or -1 inside the file list. */
  private outsideFrom = 0;
  /** Entries in the (last) file list, and whether one of them is not a file. */
  private count = 0;
  private misshapen = false;
  /** Not JSON: nothing more needs reading. */
  private broken = false;

  constructor(
    private readonly where: string,
    private readonly sink: ManifestFileSink,
  ) {}

  write(chunk: string): void {
    if (this.broken || chunk === '') return;
    const text = this.carry + chunk;
    this.scan(text, this.carry.length);
    if (this.broken) {
      this.carry = '';
      this.outside.length = 0;
      return;
    }
    const keep = this.entryStart >= 0 ? this.entryStart : this.keyStart;
    if (this.outsideFrom >= 0) this.outside.push(text.slice(this.outsideFrom));
    this.carry = keep >= 0 ? text.slice(keep) : '';
    if (this.entryStart >= 0) this.entryStart -= keep;
    if (this.keyStart >= 0) this.keyStart -= keep;
    if (this.outsideFrom >= 0) this.outsideFrom = this.carry.length;
  }

  /** The manifest's other fields, once every chunk is written; the same errors as parseManifest. */
  end(): ManifestHeader {
    if (this.broken) throw notJson(this.where);
    let doc: PartManifest;
    try {
      // Cut short inside the file list, this ends in `"files": [`: not JSON, as the whole was not.
      doc = JSON.parse(this.outside.join(''));
    } catch {
      throw notJson(this.where);
    }
    if (
      doc?.version !== MANIFEST_VERSION ||
      !Array.isArray(doc.files) ||
      this.misshapen ||
      doc.fileCount !== this.count
    ) {
      throw notAManifest(this.where);
    }
    // The entries went to the sink; `files` here is the empty list left in their place.
    const header: Partial<PartManifest> = doc;
    delete header.files;
    return header as ManifestHeader;
  }

  private scan(text: string, from: number): void {
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyStart >= 0) this.readKey(text.slice(this.keyStart, i + 1));
        }
        continue;
      }
      if (isJsonSpace(c)) continue;
      if (this.inFiles && this.depth === 2) {
        if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
          this.endEntry(text, i, c !== COMMA);
          if (this.broken) return;
          if (c === COMMA) continue;
        } else if (this.entryStart < 0) {
          this.entryStart = i;
        }
      }
      const atTop = this.depth === 1 && this.topIsObject;
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (atTop && this.expectKey) this.keyStart = i;
          this.expectKey = false;
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (this.depth === 0) {
            this.topIsObject = c === OPEN_BRACE;
            this.expectKey = this.topIsObject;
          } else if (atTop && c === OPEN_BRACKET && this.filesNext) {
            this.startFiles(text, i);
          }
          this.depth++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (this.depth === 0) {
            this.broken = true;
            return;
          }
          this.depth--;
          break;
        case COMMA:
          if (atTop) this.expectKey = true;
          break;
        case COLON:
          if (atTop) {
            this.filesNext = this.key === 'files';
            this.key = undefined;
            continue;
          }
          break;
        default:
          break;
      }
      if (atTop) this.filesNext = false;
    }
  }

  private readKey(quoted: string): void {
    this.keyStart = -1;
    try {
      this.key = JSON.parse(quoted) as string;
    } catch {
      this.key = undefined; // not JSON: the outside text says so at the end
    }
  }

  private startFiles(text: string, at: number): void {
    this.outside.push(text.slice(this.outsideFrom, at + 1));
    this.outsideFrom = -1;
    this.inFiles = true;
    this.count = 0;
    this.misshapen = false;
    this.commaPending = false;
    this.entryStart = -1;
    this.sink.restart();
  }

  /** An entry ends at a comma or at the list's end (`closing`). */
  private endEntry(text: string, at: number, closing: boolean): void {
    if (this.entryStart < 0) {
      // `[]` is a list; `[,`, `,,` and `,]` are not JSON.
      if (!(closing && this.count === 0 && !this.commaPending)) this.broken = true;
    } else {
      const entryText = text.slice(this.entryStart, at);
      this.entryStart = -1;
      let entry: ManifestFile;
      try {
        entry = JSON.parse(entryText);
      } catch {
        this.broken = true;
        return;
      }
      this.count++;
      if (!this.misshapen && isManifestFile(entry)) this.sink.file(entry);
      else this.misshapen = true;
    }
    this.commaPending = !closing;
    if (closing) {
      this.inFiles = false;
      this.outsideFrom = at;
    }
  }
}

const notJson = (where: string) =>
  new InputError({ input: where, expected: 'a JSON part manifest' });

const notAManifest = (where: string) =>
  new InputError({
    input: where,
    expected: `a version ${MANIFEST_VERSION} part manifest with files [{path, size, sha256}]`,
  });

/** Parses and checks a manifest read from S3; a damaged one is an error, never "complete". */
export function parseManifest(text: string, where: string): PartManifest {
  let files: ManifestFile[] = [];
  const reader = new ManifestReader(where, {
    file: (file) => files.push(file),
    restart: () => (files = []),
  });
  reader.write(text);
  return { ...reader.end(), files } as PartManifest;
}
