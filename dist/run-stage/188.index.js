export const id = 188;
export const ids = [188];
export const modules = {

/***/ 6188:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_TUNING: () => (/* reexport */ DEFAULT_TUNING),
  IncompletePartError: () => (/* reexport */ IncompletePartError),
  MAX_CONCURRENCY: () => (/* reexport */ MAX_CONCURRENCY),
  PartIntegrityError: () => (/* reexport */ PartIntegrityError),
  ProgressReporter: () => (/* reexport */ ProgressReporter),
  TRANSFER_RETRY: () => (/* reexport */ TRANSFER_RETRY),
  boundHeap: () => (/* reexport */ boundHeap),
  deleteKey: () => (/* reexport */ deleteKey),
  deleteKeys: () => (/* reexport */ deleteKeys),
  downloadPart: () => (/* reexport */ downloadPart),
  downloadTree: () => (/* reexport */ downloadTree),
  formatDuration: () => (/* reexport */ formatDuration),
  getText: () => (/* reexport */ getText),
  getTextIfAny: () => (/* reexport */ getTextIfAny),
  limitYoungGenerationGrowth: () => (/* reexport */ limitYoungGenerationGrowth),
  listAllKeys: () => (/* reexport */ listAllKeys),
  listKeyPages: () => (/* reexport */ listKeyPages),
  listLocalTree: () => (/* reexport */ listLocalTree),
  localPathFor: () => (/* reexport */ localPathFor),
  putPieces: () => (/* reexport */ putPieces),
  putText: () => (/* reexport */ putText),
  relativePathOfKey: () => (/* reexport */ relativePathOfKey),
  uploadPart: () => (/* reexport */ uploadPart),
  uploadTree: () => (/* reexport */ uploadTree)
});

// EXTERNAL MODULE: ./packages/core/src/index.ts + 17 modules
var src = __webpack_require__(3988);
// EXTERNAL MODULE: ./packages/aws/src/s3-objects.ts
var s3_objects = __webpack_require__(6958);
;// CONCATENATED MODULE: ./packages/transfer/src/s3-commands.ts
let loading;
/**
 * The S3 command classes, imported once. Loaded lazily like every SDK module here, but cached:
 * bundlers turn each `import()` of a CommonJS module into a fresh copy of its thousands of
 * exports, which profiling showed as the largest CPU cost per small file.
 */
function s3Commands() {
    loading ??= Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    return loading;
}

;// CONCATENATED MODULE: ./packages/transfer/src/sdk-objects.ts

/**
 * The transfers' object calls through an SDK S3Client: for credentials only the SDK's chain
 * can find (profiles, SSO, instance or container metadata) and for callers that hand over their
 * own client. The same bodies as the direct path: the SHA-256 is sent as `ChecksumSHA256` on a
 * single PutObject (S3 refuses a damaged body), a file body is a fresh stream per attempt.
 */
class SdkObjects {
    client;
    constructor(client) {
        this.client = client;
    }
    async putObject(call) {
        const { PutObjectCommand } = await s3Commands();
        await this.client.send(new PutObjectCommand({
            Bucket: call.bucket,
            Key: call.key,
            Body: bodyOf(call.body),
            ContentLength: call.body.length,
            ChecksumSHA256: call.body.sha256.toString('base64'),
            ...(call.contentType ? { ContentType: call.contentType } : {}),
        }), options(call));
    }
    async getObject(call) {
        const { GetObjectCommand } = await s3Commands();
        const response = await this.client.send(new GetObjectCommand({ Bucket: call.bucket, Key: call.key }), options(call));
        return response.Body;
    }
    async createMultipartUpload(call) {
        const { CreateMultipartUploadCommand } = await s3Commands();
        const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: call.bucket, Key: call.key }), options(call));
        return UploadId ?? '';
    }
    async uploadPart(call) {
        const { UploadPartCommand } = await s3Commands();
        const { ETag } = await this.client.send(new UploadPartCommand({
            Bucket: call.bucket,
            Key: call.key,
            UploadId: call.uploadId,
            PartNumber: call.partNumber,
            Body: bodyOf(call.body),
            ContentLength: call.body.length,
        }), options(call));
        return ETag ?? '';
    }
    async completeMultipartUpload(call) {
        const { CompleteMultipartUploadCommand } = await s3Commands();
        await this.client.send(new CompleteMultipartUploadCommand({
            ...uploadOf(call),
            MultipartUpload: {
                Parts: call.parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
            },
        }), options(call));
    }
    async abortMultipartUpload(call) {
        const { AbortMultipartUploadCommand } = await s3Commands();
        await this.client.send(new AbortMultipartUploadCommand(uploadOf(call)), options(call));
    }
    async listObjectsPage(call) {
        const { ListObjectsV2Command } = await s3Commands();
        const page = await this.client.send(new ListObjectsV2Command({
            Bucket: call.bucket,
            Prefix: call.prefix,
            ContinuationToken: call.token,
        }), { abortSignal: call.signal });
        return {
            objects: (page.Contents ?? [])
                .filter((item) => item.Key !== undefined)
                .map((item) => ({ key: item.Key, size: item.Size ?? 0 })),
            next: page.IsTruncated ? page.NextContinuationToken : undefined,
        };
    }
    async deleteObject(call) {
        const { DeleteObjectCommand } = await s3Commands();
        await this.client.send(new DeleteObjectCommand({ Bucket: call.bucket, Key: call.key }), options(call));
    }
    async deleteObjects(call) {
        const { DeleteObjectsCommand } = await s3Commands();
        const response = await this.client.send(new DeleteObjectsCommand({
            Bucket: call.bucket,
            Delete: { Objects: call.keys.map((Key) => ({ Key })), Quiet: true },
        }), { abortSignal: call.signal });
        return (response.Errors ?? []).map((e) => ({
            key: e.Key ?? '',
            code: e.Code ?? '',
            message: e.Message ?? '',
        }));
    }
}
const options = (call) => ({
    abortSignal: call.signal,
    ...(call.timeoutMs ? { requestTimeout: call.timeoutMs } : {}),
});
const uploadOf = (call) => ({
    Bucket: call.bucket,
    Key: call.key,
    UploadId: call.uploadId,
});
function bodyOf(body) {
    return Buffer.isBuffer(body.data) ? body.data : body.data();
}

;// CONCATENATED MODULE: ./packages/transfer/src/object-store.ts


const adapters = new WeakMap();
/**
 * The object calls for `client`: sent directly when the actions' client can (credentials and
 * endpoint at hand: no SDK code loaded, no SDK work per request), else through the SDK. One
 * instance per client, so its throttle (retry.ts) is shared by every request of the client.
 */
function objectsOf(client) {
    if ((0,s3_objects/* isS3Objects */.V)(client))
        return client;
    let objects = adapters.get(client);
    if (!objects) {
        const direct = client.objects?.();
        objects = direct ?? new SdkObjects(client);
        adapters.set(client, objects);
    }
    return objects;
}

// EXTERNAL MODULE: ./packages/aws/src/retry.ts
var retry = __webpack_require__(5091);
// EXTERNAL MODULE: ./packages/aws/src/errors.ts
var errors = __webpack_require__(2926);
;// CONCATENATED MODULE: ./packages/transfer/src/retry.ts


const TRANSFER_RETRY = { budgetMs: 15 * 60_000 };
/**
 * One throttle per client, so every request to that S3 endpoint (all files of a transfer, and
 * transfers running side by side) slows down together while S3 answers SlowDown.
 */
const throttles = new WeakMap();
function throttleFor(client) {
    let throttle = throttles.get(client);
    if (!throttle)
        throttles.set(client, (throttle = new src/* AdaptiveThrottle */.nk()));
    return throttle;
}
/** The deadline of one request that sends `bodyBytes` (0 for requests without a body). */
function requestDeadline(bodyBytes, deadlines) {
    return (0,src/* deadlineForBody */.Wg)(deadlines ?? (0,src/* networkDeadlines */.cg)(), bodyBytes);
}
const isAbort = (error) => error?.name === 'AbortError';
async function withTransferRetry(operation, context) {
    const { signal } = context;
    try {
        return await (0,src/* withRetry */.bD)(operation, {
            ...(0,retry/* awsRetryOptions */.yn)(),
            ...TRANSFER_RETRY,
            ...context.retry,
            isRetryable: (error) => !signal?.aborted && !isAbort(error) && (0,retry/* isTransientAwsError */.Sc)(error),
            throttle: throttleFor(context.client),
            onRetry: context.onRetry,
            signal,
        });
    }
    catch (error) {
        if (signal?.aborted)
            throw signal.reason ?? error;
        if (isAbort(error))
            throw error;
        throw (0,errors/* toCatError */.ky)(error, {
            operation: context.what,
            deniedHint: 'Check that the role in use may read and write this bucket and prefix.',
            endpoint: process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL || undefined,
        });
    }
}

;// CONCATENATED MODULE: ./packages/transfer/src/listing.ts



/**
 * The keys under `prefix`, a page (up to 1,000) at a time as S3 sends them, through the project's
 * one guarded pagination helper (packages/core paging.ts: a repeated continuation token is an
 * error, not an endless loop). No delimiter: a part's files sit at any depth, and s3rver's
 * `/`-delimited listings are wrong anyway (DESIGN.md section 4).
 */
function listKeyPages(client, bucket, prefix, options = {}) {
    const objects = objectsOf(client);
    const what = `listing s3://${bucket}/${prefix}`;
    return (0,src/* listPages */.pN)(what, async (token) => {
        const page = await withTransferRetry(() => objects.listObjectsPage({ bucket, prefix, token, signal: options.signal }), { what, client: objects, signal: options.signal, retry: options.retry });
        return { items: page.objects, next: page.next };
    });
}
/** Every key under `prefix` (see listKeyPages), in one array. */
async function listAllKeys(client, bucket, prefix, options = {}) {
    const keys = [];
    for await (const page of listKeyPages(client, bucket, prefix, options)) {
        for (const item of page)
            keys.push(item);
    }
    return keys;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
;// CONCATENATED MODULE: ./packages/transfer/src/objects.ts






/** One object call on `target`, retried on transient faults as every transfer request is. */
function retried(target, what, call) {
    const objects = objectsOf(target.client);
    return withTransferRetry(() => call(objects), {
        what,
        signal: target.signal,
        client: objects,
        retry: target.retry,
    });
}
/** Writes a small text object (a manifest, a marker, a log), retried on transient faults. */
async function putText(target) {
    const data = Buffer.from(target.text, 'utf8');
    await putBody(target, {
        data,
        length: data.length,
        sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest(),
    });
}
/** One PutObject of a body whose length and SHA-256 are known, retried on transient faults. */
async function putBody(target, body) {
    await retried(target, `writing s3://${target.bucket}/${target.key}`, (objects) => objects.putObject({
        bucket: target.bucket,
        key: target.key,
        body,
        contentType: target.contentType ?? 'text/plain; charset=utf-8',
        signal: target.signal,
        timeoutMs: requestDeadline(body.length),
    }));
}
/** Bytes per chunk of a streamed text: pieces are joined up to this before they are sent. */
const PIECES_CHUNK_BYTES = 64 * 1024;
function* chunksOf(pieces) {
    let batch = [];
    let bytes = 0;
    for (const piece of pieces) {
        batch.push(piece);
        bytes += piece.length;
        if (bytes >= PIECES_CHUNK_BYTES) {
            yield Buffer.from(batch.join(''), 'utf8');
            batch = [];
            bytes = 0;
        }
    }
    if (batch.length > 0)
        yield Buffer.from(batch.join(''), 'utf8');
}
/**
 * Writes a text object given as pieces (a part's manifest: see core manifestPieces) without ever
 * holding it whole: a first pass over the pieces gives its length and SHA-256 (signed before the
 * body goes out), then each attempt streams them anew, 64 KiB at a time. Retried like putText.
 */
async function putPieces(target) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let length = 0;
    for (const piece of target.pieces()) {
        hash.update(piece, 'utf8');
        length += Buffer.byteLength(piece, 'utf8');
    }
    await putBody(target, {
        length,
        sha256: hash.digest(),
        data: () => external_node_stream_.Readable.from(chunksOf(target.pieces()), { objectMode: false }),
    });
}
/** Reads a small text object whole (manifests only: never a data file). */
async function getText(target) {
    return (await readTextInto(target, textCollector, false)).text();
}
/** getText, or undefined when the key does not exist (NoSuchKey: not retried, not an error). */
async function getTextIfAny(target) {
    return (await readTextInto(target, textCollector, true))?.text();
}
function textCollector() {
    const pieces = [];
    return { write: (text) => pieces.push(text), text: () => pieces.join('') };
}
/**
 * Reads a text object into a sink, each chunk decoded as it arrives and let go: a 7 MiB manifest
 * (50,000 files) is never held as chunks and their concatenation at once, and a sink that parses
 * as it goes (core's ManifestReader) never holds the text at all (issue 14, peak RSS). `start`
 * makes a new sink for each attempt, as a retried read starts over. Undefined when the key does
 * not exist and `missingOk` (NoSuchKey: not retried, not an error).
 */
function readTextInto(target, start, missingOk) {
    return retried(target, `reading s3://${target.bucket}/${target.key}`, async (objects) => {
        let body;
        try {
            body = await objects.getObject(target);
        }
        catch (error) {
            if (missingOk && error.name === 'NoSuchKey')
                return undefined;
            throw error;
        }
        const sink = start();
        const decoder = new external_node_string_decoder_.StringDecoder('utf8');
        for await (const chunk of body)
            sink.write(decoder.write(chunk));
        sink.write(decoder.end());
        return sink;
    });
}
/** Deletes one key (idempotent: a missing key is fine). */
async function deleteKey(target) {
    await retried(target, `deleting s3://${target.bucket}/${target.key}`, (objects) => objects.deleteObject(target));
}
/**
 * Deletes many keys, 1,000 per DeleteObjects request (the S3 limit). A key S3 reports as not
 * deleted fails the whole call: a stale file left behind would make the part differ from its folder.
 */
async function deleteKeys(target) {
    for (let start = 0; start < target.keys.length; start += 1000) {
        const keys = target.keys.slice(start, start + 1000);
        const failed = await retried(target, `deleting ${keys.length} stale key(s) in s3://${target.bucket}`, (objects) => objects.deleteObjects({ bucket: target.bucket, keys, signal: target.signal }));
        if (failed.length > 0) {
            const first = failed[0];
            throw new src/* ServiceError */._7(`S3 did not delete ${failed.length} stale key(s) in s3://${target.bucket}, e.g. ${first.key}: ` +
                `${first.code} ${first.message}`.trim() +
                '. Check that the role may s3:DeleteObject under this prefix, then re-run the stage.');
        }
    }
}

;// CONCATENATED MODULE: ./packages/transfer/src/completion-record.ts
/**
 * The writer's side of a part's completion record (packages/core manifest.ts): the key beside the
 * part folders that tells LATEST the part is complete, and its size, without reading the manifest.
 * uploadPart removes it before anything of the part changes and writes it after the manifest.
 */



/**
 * The dataset folder and part name of a part prefix `.../<dataset>/<part>/`, or undefined when the
 * prefix's last folder is not a part name (then there is no dataset folder to record in). The
 * folder name is what LATEST's listing shows, so it is the record's part, whatever the identity says.
 */
function recordPlace(prefix) {
    const cut = prefix.lastIndexOf('/', prefix.length - 2);
    const part = prefix.slice(cut + 1, -1);
    return cut >= 0 && (0,src/* isPartName */.fe)(part)
        ? { datasetFolder: prefix.slice(0, cut + 1), part }
        : undefined;
}
/**
 * Deletes every record of the part at `prefix`. They are found by listing the records that start
 * with the part's name (one request; its counts are unknown), keeping only those of exactly this
 * part: `1b_raw.` also starts the records of a part named `1b_raw.v2`.
 */
async function removeCompletionRecords(target, prefix) {
    const place = recordPlace(prefix);
    if (!place)
        return;
    const pages = listKeyPages(target.client, target.bucket, place.datasetFolder + (0,src/* completionRecordPrefix */.cE)(place.part), { signal: target.signal, retry: target.retry });
    for await (const page of pages) {
        for (const { key } of page) {
            const record = (0,src/* parseCompletionRecord */.r2)(key.slice(place.datasetFolder.length));
            if (record?.part === place.part)
                await deleteKey({ ...target, key });
        }
    }
}
/** Writes the record of the part at `prefix` with the manifest's counts (after the manifest). */
async function writeCompletionRecord(target, prefix, manifest) {
    const place = recordPlace(prefix);
    if (!place)
        return;
    const { fileCount, totalBytes, tenant, dataset, createdAt } = manifest;
    await putText({
        ...target,
        key: place.datasetFolder + (0,src/* completionRecordName */.lA)({ part: place.part, fileCount, totalBytes }),
        // For people browsing the bucket; readers use the key alone.
        text: JSON.stringify({ tenant, dataset, part: place.part, fileCount, totalBytes, createdAt }),
        contentType: 'application/json',
    });
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./packages/transfer/src/errors.ts

/**
 * A part whose upload started and never finished (marker, no manifest), or that has no manifest
 * when one is required. Never "found": the caller must pick another part or re-run the stage.
 */
class IncompletePartError extends src/* NotFoundError */.m_ {
}
/**
 * A downloaded file does not match the part's manifest (missing, wrong size, wrong SHA-256), or a
 * key cannot be written safely. The intact part is not there: re-run the stage that produced it.
 */
class PartIntegrityError extends src/* NotFoundError */.m_ {
}
/**
 * A local file changed size while it was uploaded: something still writes to the part folder.
 * What was read is not what is on disk, so it is not published.
 */
class LocalFileChangedError extends PartIntegrityError {
}

;// CONCATENATED MODULE: ./packages/transfer/src/local-tree.ts




/**
 * A file found by listLocalTree. Its absolute path is joined when a transfer opens it, not kept:
 * for 50,000 files the absolute paths were ~6 MiB of heap held through the whole upload
 * (issue 14, peak RSS flat as files grow). Only a link keeps its resolved target.
 */
class TreeFile {
    root;
    path;
    size;
    target;
    constructor(root, path, size, target) {
        this.root = root;
        this.path = path;
        this.size = size;
        this.target = target;
    }
    get absolutePath() {
        return this.target ?? external_node_path_default().join(this.root, this.path);
    }
}
const inside = (root, target) => target.startsWith(root + (external_node_path_default()).sep);
/** What `read` returns, or undefined when it throws (a file gone or unreadable meanwhile). */
function attempt(read) {
    try {
        return read();
    }
    catch {
        return undefined;
    }
}
/**
 * Every regular file under `root`, sorted by path so uploads and manifests are reproducible.
 * Symbolic links are never followed out of `root`: a link to a file inside it is uploaded as that
 * file's content; a link that leads outside (`passwd -> /etc/passwd`, `environ ->
 * /proc/self/environ`), to a folder (loops) or nowhere is left out and listed in `skippedLinks`,
 * for the caller to warn about. Nothing is read through a link that leaves the folder, so /proc
 * and the rest of the machine stay out of uploads whatever the stage wrote.
 *
 * The walk is synchronous: it runs before anything is sent, and one awaited stat per file was a
 * thread-pool round trip each, in series (issue 14: ~0.2 s of a 2,000-file upload's wall time,
 * the event loop idle, about 5 s at 50,000 files). A stat of a file just written is a few
 * microseconds.
 */
async function listLocalTree(root) {
    const rootStat = attempt(() => (0,external_node_fs_.lstatSync)(root));
    if (!rootStat?.isDirectory()) {
        throw new src/* InputError */.dz({
            input: 'local folder',
            received: root,
            expected: rootStat?.isSymbolicLink()
                ? 'a folder, not a symbolic link (an upload never follows a link out of the working directory)'
                : 'an existing folder to upload',
        });
    }
    const realRoot = external_node_fs_.realpathSync.native(root);
    const files = [];
    const skippedLinks = [];
    const walk = (dir, relative) => {
        for (const entry of (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })) {
            const absolutePath = external_node_path_default().join(dir, entry.name);
            const rel = relative ? `${relative}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                walk(absolutePath, rel);
            }
            else if (entry.isFile()) {
                const info = attempt(() => (0,external_node_fs_.statSync)(absolutePath));
                if (info?.isFile())
                    files.push(new TreeFile(root, rel, info.size));
            }
            else if (entry.isSymbolicLink()) {
                const target = attempt(() => external_node_fs_.realpathSync.native(absolutePath));
                if (!target || !inside(realRoot, target)) {
                    const written = attempt(() => (0,external_node_fs_.readlinkSync)(absolutePath)) ?? '?';
                    skippedLinks.push({
                        path: rel,
                        target: target ?? written,
                        reason: target ? 'outside' : 'broken',
                    });
                    continue;
                }
                const info = attempt(() => (0,external_node_fs_.statSync)(target));
                if (info?.isFile())
                    files.push(new TreeFile(root, rel, info.size, target));
                else
                    skippedLinks.push({ path: rel, target, reason: 'folder' });
            }
        }
    };
    walk(root, '');
    const byPath = (a, b) => (0,src/* comparePaths */.cD)(a.path, b.path);
    return { files: files.sort(byPath), skippedLinks: skippedLinks.sort(byPath) };
}
/**
 * The relative path a key stands for under `prefix`, or an error when writing it could escape
 * the destination folder (`..`, absolute paths, backslashes, empty segments, NUL).
 */
function relativePathOfKey(prefix, key) {
    if (!key.startsWith(prefix)) {
        throw new PartIntegrityError(`Key ${JSON.stringify(key)} is not under ${prefix}.`);
    }
    const relative = key.slice(prefix.length);
    const segments = relative.split('/');
    const unsafe = relative === '' ||
        relative.includes('\\') ||
        relative.includes('\0') ||
        segments.some((s) => s === '' || s === '.' || s === '..') ||
        external_node_path_default().isAbsolute(relative);
    if (unsafe) {
        throw new PartIntegrityError(`Refusing to download key ${JSON.stringify(key)}: its path ${JSON.stringify(relative)} could write outside the destination folder. Remove or rename that object.`);
    }
    return relative;
}
/** Where a relative path lands under `root`, checked to stay inside it. */
function localPathFor(root, relative) {
    const base = external_node_path_default().resolve(root);
    const target = external_node_path_default().resolve(base, ...relative.split('/'));
    if (!target.startsWith(base + (external_node_path_default()).sep)) {
        throw new PartIntegrityError(`Refusing to write ${JSON.stringify(relative)}: it resolves outside ${base}.`);
    }
    return target;
}
/** A key prefix must name a folder: non-empty, ending with `/`, no leading `/`. */
function checkPrefix(prefix) {
    if (!prefix.endsWith('/') || prefix.startsWith('/') || prefix.split('/').includes('..')) {
        throw new src/* InputError */.dz({
            input: 'prefix',
            received: prefix,
            expected: 'an S3 key prefix that ends with / and has no leading / or ..',
            example: 'cat-be/datasets/20240328_084742_utc/1b/',
        });
    }
    return prefix;
}

;// CONCATENATED MODULE: ./packages/transfer/src/part-buffers.ts
/**
 * Buffers reused across the files of a transfer (multipart parts, whole small files), so files cost a fixed amount of
 * memory and make no garbage. Callers bound how many are out at once (lanes * queueSize).
 */
class PartBufferPool {
    free = [];
    /** A buffer of at least `size` bytes (contents are stale: overwrite before use). */
    take(size) {
        const index = this.free.findIndex((b) => b.length >= size);
        if (index >= 0)
            return this.free.splice(index, 1)[0];
        return Buffer.allocUnsafeSlow(size);
    }
    give(buffer) {
        this.free.push(buffer);
    }
}

;// CONCATENATED MODULE: ./packages/transfer/src/pool.ts
/**
 * Runs `work` over `items` with at most `concurrency` in flight. The first failure stops new
 * work, aborts the rest through the signal handed to each call, and is the error thrown.
 */
async function forEachBounded(items, concurrency, work, outer) {
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted)
        throw outer.reason;
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    let next = 0;
    let failure;
    const worker = async () => {
        while (!failure && !controller.signal.aborted && next < items.length) {
            const item = items[next++];
            try {
                await work(item, controller.signal);
            }
            catch (error) {
                if (!failure)
                    failure = { error };
                controller.abort(error);
            }
        }
    };
    try {
        const width = Math.max(1, Math.min(concurrency, items.length));
        await Promise.all(Array.from({ length: width }, worker));
    }
    finally {
        outer?.removeEventListener('abort', onOuterAbort);
    }
    if (outer?.aborted)
        throw outer.reason;
    if (failure)
        throw failure.error;
}
/** A counting semaphore: bounds how many large (buffer-hungry) transfers run at once. */
class Semaphore {
    available;
    waiting = [];
    constructor(available) {
        this.available = available;
    }
    async use(task) {
        if (this.available > 0)
            this.available--;
        else
            await new Promise((resolve) => this.waiting.push(resolve));
        try {
            return await task();
        }
        finally {
            const wake = this.waiting.shift();
            if (wake)
                wake();
            else
                this.available++;
        }
    }
}

;// CONCATENATED MODULE: ./packages/transfer/src/passes.ts


function isWorthSecondPass(error) {
    return (0,src/* isCatError */.tJ)(error) && (error.kind === 'transient' || error.kind === 'timeout');
}
async function forEachWithSecondPass(items, concurrency, work, outer, options = {}) {
    const setAside = [];
    await forEachBounded(items, concurrency, async (item, signal) => {
        try {
            await work(item, signal);
        }
        catch (error) {
            if (signal.aborted || !isWorthSecondPass(error))
                throw error;
            setAside.push({ item, error });
        }
    }, outer);
    if (setAside.length === 0)
        return;
    options.onSecondPass?.(setAside.length, setAside[0].error);
    await (0,src/* sleepUnlessAborted */.bp)(options.pauseMs ?? 2_000, outer);
    await forEachBounded(setAside.map((entry) => entry.item), concurrency, work, outer);
}

;// CONCATENATED MODULE: ./packages/transfer/src/progress.ts

/** Bytes between two notifications while a file streams: a listener per 64 KiB chunk costs. */
const NOTIFY_EVERY_BYTES = 1024 * 1024;
/**
 * Counts a transfer's progress and tells the listener (each file done, and every MiB between);
 * a retried file's bytes are taken back.
 */
class ProgressCounter {
    listener;
    state;
    unreported = 0;
    constructor(filesTotal, bytesTotal, listener) {
        this.listener = listener;
        this.state = { filesDone: 0, filesTotal, bytesDone: 0, bytesTotal };
        listener?.({ ...this.state });
    }
    bytes(n) {
        this.state.bytesDone += n;
        this.unreported += Math.abs(n);
        if (this.unreported >= NOTIFY_EVERY_BYTES)
            this.notify();
    }
    fileDone() {
        this.state.filesDone++;
        this.notify();
    }
    notify() {
        this.unreported = 0;
        this.listener?.({ ...this.state });
    }
}
/**
 * Runs one attempt of a file's transfer with its bytes counted into `onBytes` as they move; a
 * failed attempt takes its bytes back (the retry counts them again).
 */
async function countedAttempt(onBytes, attempt) {
    let moved = 0;
    try {
        return await attempt((n) => {
            moved += n;
            onBytes?.(n);
        });
    }
    catch (error) {
        onBytes?.(-moved);
        throw error;
    }
}
function formatDuration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60)
        return `${s}s`;
    if (s < 3600)
        return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
/**
 * Prints a progress line every few seconds while a transfer runs (files, bytes, throughput,
 * ETA) and the totals when it ends. Pass `reporter.listener` as the transfer's `onProgress`.
 */
class ProgressReporter {
    options;
    latest = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
    now;
    startedAt;
    timer;
    constructor(options) {
        this.options = options;
        this.now = options.now ?? Date.now;
        this.startedAt = this.now();
    }
    listener = (progress) => {
        this.latest = progress;
    };
    start() {
        this.timer ??= setInterval(() => this.options.print(this.line()), this.options.intervalMs ?? 5000);
        this.timer.unref?.();
        return this;
    }
    elapsedSeconds() {
        return (this.now() - this.startedAt) / 1000;
    }
    /** Bytes per second since the start. */
    throughput() {
        const seconds = this.elapsedSeconds();
        return seconds > 0 ? this.latest.bytesDone / seconds : 0;
    }
    line() {
        const p = this.latest;
        const rate = this.throughput();
        const percent = p.bytesTotal > 0 ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 100;
        const eta = rate > 0 && p.bytesTotal > p.bytesDone
            ? `, ETA ${formatDuration((p.bytesTotal - p.bytesDone) / rate)}`
            : '';
        return (`${this.options.label}: ${p.filesDone}/${p.filesTotal} files, ` +
            `${(0,src/* formatBytes */.z3)(p.bytesDone)}/${(0,src/* formatBytes */.z3)(p.bytesTotal)} (${percent}%), ` +
            `${(0,src/* formatBytes */.z3)(rate)}/s${eta}`);
    }
    /** Stops the timer and prints (and returns) the totals line. */
    finish() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
        const p = this.latest;
        const line = `${this.options.label}: done, ${p.filesDone} files, ${(0,src/* formatBytes */.z3)(p.bytesDone)} in ` +
            `${formatDuration(this.elapsedSeconds())} (${(0,src/* formatBytes */.z3)(this.throughput())}/s)`;
        this.options.print(line);
        return line;
    }
    /** Stops the timer without printing totals (the transfer failed). */
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
    }
}

;// CONCATENATED MODULE: ./packages/transfer/src/tuning.ts

const MiB = 1024 * 1024;
/**
 * Sized for a peak RSS under 100 MiB whatever the dataset (issue 14): run-stage with the S3 client
 * loaded sits near 72 MiB, which leaves ~25 MiB. Multipart: one lane, 3 parts of 5 MiB (S3's
 * minimum) in flight and one being read = 20 MiB of reused buffers (the part size grows for
 * files over 48 GiB, to stay within 10,000 parts); small files: 16 concurrent reads of at most
 * 256 KiB.
 */
const DEFAULT_TUNING = {
    smallFileBytes: 256 * 1024,
    multipartThresholdBytes: 100 * MiB,
    partSizeBytes: 5 * MiB,
    queueSize: 3,
    multipartLanes: 1,
    retry: TRANSFER_RETRY,
};
const MAX_CONCURRENCY = 64;
function resolveTuning(overrides) {
    return { ...DEFAULT_TUNING, ...overrides };
}
/** Concurrency as a positive integer within bounds (an action input may say anything). */
function boundConcurrency(concurrency) {
    if (!Number.isFinite(concurrency) || concurrency < 1)
        return 1;
    return Math.min(MAX_CONCURRENCY, Math.floor(concurrency));
}

;// CONCATENATED MODULE: ./packages/transfer/src/checksum.ts


/**
 * A pass-through that hashes (SHA-256) and counts what flows through it, so each file is read
 * once: the same bytes go to S3 (or to disk) and into the checksum.
 */
class ChecksumStream extends external_node_stream_.Transform {
    onBytes;
    hash = (0,external_node_crypto_.createHash)('sha256');
    bytes = 0;
    constructor(onBytes) {
        super();
        this.onBytes = onBytes;
    }
    _transform(chunk, _encoding, done) {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        this.onBytes?.(chunk.length);
        done(null, chunk);
    }
    /** Hex digest; call once, after the stream has ended. */
    digest() {
        return this.hash.digest('hex');
    }
}
/** A SHA-256 digest's length in bytes (64 hex digits). */
const SHA256_BYTES = 32;
function sha256Hex(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}

;// CONCATENATED MODULE: ./packages/transfer/src/sent-files.ts


/**
 * What was sent, held in columns by the folder's file index: at 50,000 files, an object and a
 * 64-character hex string per file were most of an upload's heap at its end, where its memory
 * peaks (issue 14). As a ManifestFileList it gives the entries sorted by path, one at a time, as
 * the manifest is written.
 */
class SentFiles {
    local;
    sizes;
    hashes;
    /** File indexes in path order (the folder's files come sorted already, so usually 0, 1, 2...). */
    byPath;
    constructor(local) {
        this.local = local;
        this.sizes = new Float64Array(local.length);
        this.hashes = Buffer.alloc(local.length * SHA256_BYTES);
        this.byPath = Uint32Array.from(local.keys());
        const pathOrder = (a, b) => (0,src/* comparePaths */.cD)(local[a].path, local[b].path);
        if (!this.byPath.every((index, at) => at === 0 || pathOrder(at - 1, index) < 0)) {
            this.byPath.sort(pathOrder);
        }
    }
    get length() {
        return this.local.length;
    }
    record(index, file) {
        this.sizes[index] = file.size;
        this.hashes.write(file.sha256, index * SHA256_BYTES, SHA256_BYTES, 'hex');
    }
    /** The `position`-th entry in path order. */
    at(position) {
        const index = this.byPath[position];
        const from = index * SHA256_BYTES;
        return {
            path: this.local[index].path,
            size: this.sizes[index],
            sha256: this.hashes.toString('hex', from, from + SHA256_BYTES),
        };
    }
    bytes() {
        return this.sizes.reduce((sum, size) => sum + size, 0);
    }
    toJSON() {
        return Array.from({ length: this.length }, (_, index) => this.at(index));
    }
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./packages/transfer/src/multipart-upload.ts




const MAX_PARTS = 10_000;
const MIN_PART = 5 * 1024 * 1024;
/**
 * A multipart upload that reads the file once, in order, straight into reused part buffers:
 * memory is queueSize * partSize whatever the file size, and no file data becomes garbage (with
 * lib-storage's Upload, measured peaks passed 150 MiB on a 1 GiB file: its chunker concatenates
 * stream chunks, and V8 collects external buffers only every ~64 MiB). The file's SHA-256 is
 * updated as parts are read, and each part's own SHA-256 is its signed payload hash (S3 refuses
 * a part that does not match). Each part is retried on its own (it is a buffer: replayable); a
 * part that finally fails stops the rest, and the upload is aborted (best effort: lifecycle
 * rules clean up).
 */
async function uploadMultipart(request) {
    const { objects, bucket, key, file, signal } = request;
    const uri = `s3://${bucket}/${key}`;
    const partSize = Math.max(MIN_PART, request.partSizeBytes, Math.ceil(file.size / MAX_PARTS));
    const retrying = (what, call) => withTransferRetry(call, {
        what: `${what} of ${uri}`,
        client: objects,
        retry: request.retry,
        signal,
    });
    const uploadId = await retrying('CreateMultipartUpload', () => objects.createMultipartUpload({ bucket, key, signal }));
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const parts = [];
    const inFlight = new Set();
    let failure;
    const handle = await (0,promises_.open)(file.absolutePath, 'r');
    try {
        for (let offset = 0, partNumber = 1; offset < file.size && !failure; partNumber++) {
            while (inFlight.size >= request.queueSize)
                await Promise.race(inFlight);
            if (failure)
                break;
            signal?.throwIfAborted();
            const length = Math.min(partSize, file.size - offset);
            const buffer = request.buffers.take(partSize);
            await readFully(handle, buffer, length, offset, file.absolutePath);
            const data = buffer.subarray(0, length);
            hash.update(data);
            const body = { data, length, sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest() };
            offset += length;
            const number = partNumber;
            const sending = retrying(`UploadPart ${number}`, () => objects.uploadPart({
                bucket,
                key,
                uploadId,
                partNumber: number,
                body,
                signal,
                timeoutMs: requestDeadline(length),
            }))
                .then((etag) => {
                parts.push({ partNumber: number, etag });
                request.onBytes?.(length);
            })
                .catch((error) => {
                failure ??= { error };
            })
                .finally(() => {
                request.buffers.give(buffer);
                inFlight.delete(sending);
            });
            inFlight.add(sending);
        }
        await Promise.all(inFlight);
        if (!failure && signal?.aborted)
            failure = { error: signal.reason };
    }
    catch (error) {
        failure ??= { error };
        await Promise.allSettled(inFlight);
    }
    finally {
        await handle.close();
    }
    if (failure) {
        await objects.abortMultipartUpload({ bucket, key, uploadId }).catch(() => undefined);
        throw failure.error;
    }
    parts.sort((a, b) => a.partNumber - b.partNumber);
    await retrying('CompleteMultipartUpload', () => objects.completeMultipartUpload({ bucket, key, uploadId, parts, signal }));
    return { size: file.size, sha256: hash.digest('hex') };
}
async function readFully(handle, buffer, length, position, path) {
    for (let filled = 0; filled < length;) {
        const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
        if (bytesRead === 0) {
            throw new LocalFileChangedError(`${path} became shorter while it was uploaded. Do not write to a part folder during its upload.`);
        }
        filled += bytesRead;
    }
}

;// CONCATENATED MODULE: ./packages/transfer/src/upload-file.ts








/**
 * Uploads one file to `key`. Its SHA-256 is known before the body goes out: it is the payload
 * hash S3 checks the body against (and the manifest's). Small files are read once into memory;
 * larger ones are hashed in a first read and streamed from disk in a second (the page cache
 * serves it), so no file costs more memory than a stream's buffers. Single-request files are
 * retried whole (each attempt re-opens the file); multipart uploads retry part by part (see
 * multipart-upload.ts).
 */
async function uploadFile(context, file, key) {
    const { tuning, signal } = context;
    if (file.size >= tuning.multipartThresholdBytes && file.size > tuning.smallFileBytes) {
        return context.multipartLanes.use(() => uploadMultipart({
            objects: context.objects,
            bucket: context.bucket,
            key,
            file,
            partSizeBytes: tuning.partSizeBytes,
            queueSize: tuning.queueSize,
            buffers: context.partBuffers,
            retry: tuning.retry,
            signal,
            onBytes: context.onBytes,
        }));
    }
    const small = file.size <= tuning.smallFileBytes ? readSmall(file, context) : undefined;
    try {
        const body = small ?? (await hashedFile(file));
        await withTransferRetry(() => countedAttempt(context.onBytes, async (count) => {
            await context.objects.putObject({
                bucket: context.bucket,
                key,
                body: Buffer.isBuffer(body.data) ? body : counted(body, count),
                signal,
                timeoutMs: requestDeadline(body.length),
            });
            if (Buffer.isBuffer(body.data))
                count(body.length);
        }), {
            what: `upload of s3://${context.bucket}/${key}`,
            client: context.objects,
            signal,
            retry: tuning.retry,
        });
        return { size: body.length, sha256: body.sha256.toString('hex') };
    }
    finally {
        if (small)
            context.smallBuffers.give(small.buffer);
    }
}
// The callback API: fs/promises makes a FileHandle per file, which profiling showed costly
// (and GC-tracked) across thousands of small files.
const openFile = (0,external_node_util_.promisify)(external_node_fs_.open);
const closeFile = (0,external_node_util_.promisify)(external_node_fs_.close);
const readChunk = (fd, buffer, offset, length, position) => new Promise((resolve, reject) => (0,external_node_fs_.read)(fd, buffer, offset, length, position, (error, got) => error ? reject(error) : resolve(got)));
const changed = (file, bytes) => new LocalFileChangedError(`${file.absolutePath} changed while it was uploaded (${bytes} bytes read, ${file.size} expected). Do not write to a part folder during its upload.`);
/**
 * A small file read whole into a reused buffer (no garbage per file); one that has grown past the
 * small-file size since it was listed is refused as changed, as a larger file would be. The read
 * is synchronous on purpose: from the page cache, open + read + close take microseconds, while
 * readFile's four thread-pool round trips (open, fstat, read, close) were a quarter of a
 * 2,000-file upload's CPU in profiles.
 */
function readSmall(file, context) {
    const size = context.tuning.smallFileBytes;
    const buffer = context.smallBuffers.take(size + 1);
    let length = 0;
    try {
        const fd = (0,external_node_fs_.openSync)(file.absolutePath, 'r');
        try {
            for (let got = -1; got !== 0 && length <= size; length += got) {
                got = (0,external_node_fs_.readSync)(fd, buffer, length, buffer.length - length, length);
            }
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    catch (error) {
        context.smallBuffers.give(buffer);
        throw error;
    }
    if (length > size) {
        context.smallBuffers.give(buffer);
        throw changed(file, length);
    }
    const data = buffer.subarray(0, length);
    return { data, buffer, length, sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest() };
}
/** Bytes per read of a file sent from disk: a quarter as many reads and socket writes as 64 KiB. */
const READ_BYTES = 256 * 1024;
/** The file as a body sent from disk: hashed by a first read, streamed anew for each attempt. */
async function hashedFile(file) {
    const { bytes, sha256 } = await hashWholeFile(file.absolutePath);
    if (bytes !== file.size)
        throw changed(file, bytes);
    return {
        length: bytes,
        sha256,
        // Never more than was hashed: a file that grew since is refused by S3 (payload hash).
        data: () => (0,external_node_fs_.createReadStream)(file.absolutePath, {
            start: 0,
            end: Math.max(0, bytes - 1),
            highWaterMark: READ_BYTES,
        }),
        shortError: (sent) => changed(file, sent),
    };
}
/** SHA-256 of a file through one reused buffer: no garbage, whatever the file's size. */
async function hashWholeFile(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const fd = await openFile(file, 'r');
    let bytes = 0;
    try {
        for (;;) {
            const got = await readChunk(fd, buffer, 0, buffer.length, bytes);
            if (got === 0)
                break;
            hash.update(buffer.subarray(0, got));
            bytes += got;
        }
    }
    finally {
        await closeFile(fd);
    }
    return { bytes, sha256: hash.digest() };
}
/** The body with its bytes counted as they are sent (a pass-through: it does not start the flow). */
function counted(body, count) {
    const open = body.data;
    return {
        ...body,
        data: () => {
            const counter = new external_node_stream_.Transform({
                transform(chunk, _encoding, done) {
                    count(chunk.length);
                    done(null, chunk);
                },
            });
            return (0,external_node_stream_.pipeline)(open(), counter, () => undefined);
        },
    };
}

;// CONCATENATED MODULE: ./packages/transfer/src/upload-part.ts













/**
 * Uploads every file of `localDir` under `prefix`, in parallel, and returns what was sent with
 * each file's SHA-256. No manifest, no stale-key removal: for plain prefixes (test results, logs).
 */
async function uploadTree(options) {
    const sent = await uploadFiles(options, await localFilesOf(options));
    return { files: sent.length, bytes: sent.bytes() };
}
/**
 * Publishes a dataset part so that it is complete only once all of it is there:
 *   1. write UPLOAD_MARKER, then delete the part's completion record (beside the part folder,
 *      packages/core manifest.ts), then an old MANIFEST: a re-run must not look complete midway,
 *      and the record goes first because LATEST trusts it without reading the manifest.
 *   2. upload every file (parallel, streamed, hashed before it is sent)
 *   3. delete keys under the prefix that are not in the folder (the part equals the folder).
 *      They are listed before step 2: what step 2 writes is in the folder by definition, so the
 *      stale keys are the same, and a new part costs one empty listing instead of a listing of
 *      everything just uploaded (50 pages for 50,000 files).
 *   4. write MANIFEST (paths, sizes, SHA-256), then the completion record, then delete the marker.
 * Interrupted anywhere before 4, the part has a marker, no record and no manifest: incomplete.
 * Interrupted between the manifest and the record, it is complete and readers see it by its
 * manifest, as parts written before records.
 */
async function uploadPart(options) {
    const { client, bucket, signal } = options;
    const prefix = checkPrefix(options.prefix);
    const tuning = resolveTuning(options.tuning);
    const local = await localFilesOf(options);
    const target = { client, bucket, signal, retry: tuning.retry };
    await putText({
        ...target,
        key: prefix + src/* UPLOAD_MARKER */.VZ,
        text: JSON.stringify({ ...options.identity, startedAt: new Date().toISOString() }),
        contentType: 'application/json',
    });
    await removeCompletionRecords(target, prefix);
    await deleteKey({ ...target, key: prefix + src/* MANIFEST */.e0 });
    const removedKeys = await staleKeys(options, prefix, local);
    const sent = await uploadFiles(options, local);
    const bytes = sent.bytes();
    await deleteKeys({ ...target, keys: removedKeys });
    const createdAt = new Date();
    const header = (0,src/* manifestHeader */.Ru)(options.identity, sent.length, bytes, createdAt);
    await putPieces({
        ...target,
        key: prefix + src/* MANIFEST */.e0,
        pieces: () => (0,src/* manifestPieces */.Nz)({ ...header, files: sent }),
        contentType: 'application/json',
    });
    await writeCompletionRecord(target, prefix, header);
    await deleteKey({ ...target, key: prefix + src/* UPLOAD_MARKER */.VZ });
    const { identity } = options;
    return {
        files: sent.length,
        bytes,
        removedKeys,
        get manifest() {
            return (0,src/* buildManifest */.u1)(identity, sent.toJSON(), createdAt);
        },
    };
}
/**
 * Keys under the prefix that are not files of the folder (nor control files), found page by page
 * as the listing arrives: a part of 50,000 files is not held twice in memory.
 */
async function staleKeys(options, prefix, local) {
    // Made with the first key listed: a new part (the usual case) lists nothing, and a set of
    // 50,000 paths is ~3 MiB at the upload's start, where its memory peaks (issue 14).
    let wanted;
    const stale = [];
    const pages = listKeyPages(options.client, options.bucket, prefix, {
        signal: options.signal,
        retry: resolveTuning(options.tuning).retry,
    });
    for await (const page of pages) {
        for (const { key } of page) {
            wanted ??= new Set(local.map((f) => f.path));
            const relative = key.slice(prefix.length);
            if (!wanted.has(relative) && !(0,src/* isControlFile */.e2)(relative))
                stale.push(key);
        }
    }
    return stale;
}
/**
 * The folder's files, minus root-level control files (they are written by the upload itself);
 * the links the walk left out go to the caller.
 */
async function localFilesOf(options) {
    checkPrefix(options.prefix);
    const { files, skippedLinks } = await listLocalTree(options.localDir);
    if (skippedLinks.length > 0)
        options.onSkippedLinks?.(skippedLinks);
    return files.filter((f) => !(0,src/* isControlFile */.e2)(f.path));
}
async function uploadFiles(options, local) {
    const tuning = resolveTuning(options.tuning);
    const total = local.reduce((sum, f) => sum + f.size, 0);
    const progress = new ProgressCounter(local.length, total, options.onProgress);
    const context = {
        objects: objectsOf(options.client),
        bucket: options.bucket,
        tuning,
        multipartLanes: new Semaphore(Math.max(1, tuning.multipartLanes)),
        partBuffers: new PartBufferPool(),
        smallBuffers: new PartBufferPool(),
        onBytes: (n) => progress.bytes(n),
    };
    const sent = new SentFiles(local);
    // Largest first: the long multipart uploads start early and small files fill the gaps.
    const order = local.map((_, index) => index).sort((a, b) => local[b].size - local[a].size);
    await forEachWithSecondPass(order, boundConcurrency(options.concurrency), async (index, signal) => {
        const file = local[index];
        sent.record(index, await uploadFile({ ...context, signal }, file, options.prefix + file.path));
        progress.fileDone();
    }, options.signal);
    return sent;
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
;// CONCATENATED MODULE: ./packages/transfer/src/download-file.ts









// The callback API: fs/promises makes a FileHandle per file, which profiling showed costly
// (open, close and a GC-tracked handle) across thousands of small files.
const writeWholeFile = (0,external_node_util_.promisify)(external_node_fs_.writeFile);
/**
 * Downloads one object to `destination`, hashing it (SHA-256) as it arrives. Nothing gets the
 * final name before size and checksum match: small objects are checked in memory and then
 * written; large ones stream to a temporary name that is renamed once checked.
 */
async function downloadFile(context, key, destination, expected) {
    const uri = `s3://${context.bucket}/${key}`;
    await context.folders.ensure(external_node_path_default().dirname(destination));
    const partial = `${destination}.cat-partial`;
    const small = expected.size <= context.smallFileBytes;
    let got;
    try {
        got = await withTransferRetry(() => countedAttempt(context.onBytes, async (count) => {
            const body = await context.objects
                .getObject({ bucket: context.bucket, key, signal: context.signal })
                .catch((error) => {
                if (error.name !== 'NoSuchKey')
                    throw error;
                throw new PartIntegrityError(`${uri} is listed in the part's manifest but missing from S3. The part is damaged: re-run the stage that produced it.`);
            });
            return small
                ? await receiveInMemory(body, expected.size, count)
                : await receiveToFile(body, partial, count, context.signal);
        }), {
            what: `download of ${uri}`,
            client: context.objects,
            signal: context.signal,
            retry: context.retry,
        });
        const problem = got.size !== expected.size
            ? `has ${got.size} bytes, ${expected.size} expected`
            : expected.sha256 !== undefined && got.sha256 !== expected.sha256
                ? `has SHA-256 ${got.sha256}, the manifest says ${expected.sha256}`
                : undefined;
        if (problem) {
            throw new PartIntegrityError(`${uri} ${problem}: the object was changed or damaged after upload. Re-run the stage that produced this part.`);
        }
    }
    catch (error) {
        if (!small)
            await (0,promises_.rm)(partial, { force: true });
        throw error;
    }
    if (got.body)
        await writeWholeFile(destination, got.body);
    else
        await (0,promises_.rename)(partial, destination);
    return { size: got.size, sha256: got.sha256 };
}
/** Collects a small body; more bytes than expected stop it early (the size check then fails). */
async function receiveInMemory(body, expectedSize, count) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        chunks.push(chunk);
        size += chunk.length;
        count(chunk.length);
        if (size > expectedSize) {
            body.destroy();
            break;
        }
    }
    const content = Buffer.concat(chunks, size);
    return { size, sha256: sha256Hex(content), body: content };
}
async function receiveToFile(body, file, count, signal) {
    const checksum = new ChecksumStream(count);
    await (0,external_node_stream_promises_.pipeline)(body, checksum, (0,external_node_fs_.createWriteStream)(file), { signal });
    return { size: checksum.bytes, sha256: checksum.digest() };
}

;// CONCATENATED MODULE: ./packages/transfer/src/download-plan.ts


/** Paths joined into one string per this many files while a plan is built. */
const PATHS_PER_PIECE = 1024;
/**
 * Builds a DownloadPlan one entry at a time, as a manifest is read (core's ManifestReader): no
 * array of every entry is ever held. Columns grow by doubling and are cut to size at the end.
 */
class DownloadPlanBuilder {
    capacity;
    count = 0;
    total = 0;
    end = 0;
    ends;
    sizes;
    digests;
    /** Whether entries carry a SHA-256; decided by the first one. */
    withDigest;
    pathPieces = [];
    pendingPaths = [];
    constructor(capacity = 1024) {
        this.capacity = capacity;
        this.ends = new Uint32Array(capacity);
        this.sizes = new Float64Array(capacity);
    }
    add({ path, size, sha256 }) {
        this.withDigest ??= sha256 !== undefined;
        if (this.withDigest !== (sha256 !== undefined)) {
            throw new RangeError('DownloadPlan: either every entry has a SHA-256 or none has');
        }
        const i = this.count;
        if (i === this.ends.length)
            this.grow();
        this.end += path.length;
        this.ends[i] = this.end;
        this.sizes[i] = size;
        this.total += size;
        if (sha256 !== undefined) {
            this.digests ??= Buffer.alloc(this.ends.length * SHA256_BYTES);
            const written = this.digests.write(sha256, i * SHA256_BYTES, SHA256_BYTES, 'hex');
            if (written !== SHA256_BYTES || sha256.length !== SHA256_BYTES * 2) {
                throw new RangeError(`DownloadPlan: ${path} has no hex SHA-256`);
            }
        }
        this.pendingPaths.push(path);
        if (this.pendingPaths.length === PATHS_PER_PIECE)
            this.joinPending();
        this.count++;
    }
    /** Starts over, as if nothing had been added (every field from a new builder). */
    restart() {
        Object.assign(this, new DownloadPlanBuilder(this.capacity));
    }
    build() {
        return new DownloadPlan(this.columns());
    }
    /** The columns cut to size (copies: the builder's spare capacity is let go). */
    columns() {
        this.joinPending();
        const n = this.count;
        return {
            count: n,
            totalBytes: this.total,
            paths: this.pathPieces.join(''),
            ends: this.ends.slice(0, n),
            sizes: this.sizes.slice(0, n),
            digests: this.digests && Buffer.from(this.digests.subarray(0, n * SHA256_BYTES)),
        };
    }
    joinPending() {
        if (this.pendingPaths.length > 0)
            this.pathPieces.push(this.pendingPaths.join(''));
        this.pendingPaths = [];
    }
    grow() {
        const size = this.ends.length * 2;
        const ends = new Uint32Array(size);
        ends.set(this.ends);
        const sizes = new Float64Array(size);
        sizes.set(this.sizes);
        [this.ends, this.sizes] = [ends, sizes];
        if (this.digests) {
            const digests = Buffer.alloc(size * SHA256_BYTES);
            this.digests.copy(digests);
            this.digests = digests;
        }
    }
}
/**
 * The files of a download, held compactly for the whole transfer: every path in one string with
 * its end offsets, sizes in a Float64Array, SHA-256s as raw bytes. A part of 50,000 files held
 * as parsed manifest entries (an object, a path string and a 64-character hex string each) kept
 * ~8 MiB of heap live until the last file was written; here it is ~3 MiB, most of it outside
 * the heap (issue 14, peak RSS). Entries are rebuilt on demand, one file at a time. Built from a
 * list of entries, or entry by entry with DownloadPlanBuilder.
 */
class DownloadPlan {
    count;
    totalBytes;
    paths;
    ends;
    sizes;
    /** SHA256_BYTES per file; undefined when no entry had one. */
    digests;
    /** Indices in code-unit order of path, for lookups by path. */
    byPathOrder;
    constructor(entries) {
        let columns;
        if (Array.isArray(entries)) {
            const builder = new DownloadPlanBuilder(Math.max(1, entries.length));
            for (const entry of entries)
                builder.add(entry);
            columns = builder.columns();
        }
        else {
            columns = entries;
        }
        this.count = columns.count;
        this.totalBytes = columns.totalBytes;
        this.paths = columns.paths;
        this.ends = columns.ends;
        this.sizes = columns.sizes;
        this.digests = columns.digests;
    }
    /** True when every file has a SHA-256 to be checked against. */
    get verifiable() {
        return this.digests !== undefined;
    }
    path(index) {
        return this.paths.slice(index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
    }
    size(index) {
        return this.sizes[index];
    }
    sha256(index) {
        return this.digests?.toString('hex', index * SHA256_BYTES, index * SHA256_BYTES + SHA256_BYTES);
    }
    /** What the file must be once downloaded. */
    expected(index) {
        const sha256 = this.sha256(index);
        return sha256 === undefined ? { size: this.size(index) } : { size: this.size(index), sha256 };
    }
    /** The index of the file at `path`, or -1 (binary search; the order is built on first use). */
    indexOf(path) {
        const order = (this.byPathOrder ??= this.orderBy((a, b) => (0,src/* comparePaths */.cD)(this.path(a), this.path(b))));
        let low = 0;
        let high = order.length - 1;
        while (low <= high) {
            const middle = (low + high) >>> 1;
            const found = (0,src/* comparePaths */.cD)(this.path(order[middle]), path);
            if (found === 0)
                return order[middle];
            if (found < 0)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return -1;
    }
    /** Indices, largest file first (equal sizes keep the plan's order). */
    largestFirst() {
        return Array.from(this.orderBy((a, b) => this.sizes[b] - this.sizes[a] || a - b));
    }
    orderBy(compare) {
        const order = new Uint32Array(this.count);
        for (let i = 0; i < this.count; i++)
            order[i] = i;
        return order.sort(compare);
    }
}

;// CONCATENATED MODULE: ./packages/transfer/src/folders.ts




/**
 * Refuses a path under `root` (or `root` itself) that goes through a symbolic link, or ends in
 * one: a download never writes through a link, so a part folder (or a file in it) that a stage
 * or a checkout made a link cannot send a download's bytes outside the workspace.
 */
function refuseLinks(root, target) {
    const base = external_node_path_default().resolve(root);
    const steps = external_node_path_default().relative(base, external_node_path_default().resolve(target)).split((external_node_path_default()).sep).filter(Boolean);
    let current = base;
    for (const step of ['', ...steps]) {
        current = step ? external_node_path_default().join(current, step) : current;
        let isLink = false;
        try {
            isLink = (0,external_node_fs_.lstatSync)(current).isSymbolicLink();
        }
        catch {
            return; // does not exist yet: nothing below it can be a link either
        }
        if (isLink) {
            throw new src/* InputError */.dz({
                input: 'local folder',
                received: current,
                expected: 'a real folder or file, not a symbolic link: a download never writes through a link. ' +
                    'Remove the link, or download into another folder',
            });
        }
    }
}
/**
 * Creates each destination folder once per transfer: thousands of files share a few folders,
 * and a recursive mkdir per file is a wasted round trip through the thread pool. Every folder is
 * checked to hold no symbolic link from `root` down, before it is made (see refuseLinks).
 */
class FolderMaker {
    root;
    made = new Map();
    constructor(root) {
        this.root = root;
    }
    ensure(folder) {
        let making = this.made.get(folder);
        if (!making) {
            making = (async () => {
                if (this.root)
                    refuseLinks(this.root, folder);
                await (0,promises_.mkdir)(folder, { recursive: true });
            })();
            making.catch(() => this.made.delete(folder));
            this.made.set(folder, making);
        }
        return making;
    }
}

;// CONCATENATED MODULE: ./packages/transfer/src/download-part.ts












/** Downloads every object under a plain prefix (sizes checked against the listing). */
async function downloadTree(options) {
    const prefix = checkPrefix(options.prefix);
    const listed = await listAllKeys(options.client, options.bucket, prefix, options);
    return downloadPlanned(options, planFromListing(prefix, listed), false);
}
/**
 * Downloads a dataset part into `localDir`. With a manifest, exactly the files it lists, each
 * verified (size, SHA-256) while streaming; a missing or changed file is an error. A marker
 * without a manifest means an unfinished upload: an error. Neither: a legacy part, downloaded
 * as listed (unless `requireManifest`).
 */
async function downloadPart(options) {
    // Planned apart, so that the listing and the parsed manifest are garbage once the plan is made.
    const { planned, verified } = await planPart(options);
    return downloadPlanned(options, planned, verified);
}
/**
 * What downloadPart fetches. The manifest is read first: a complete part (the usual case) is
 * then checked against its listing page by page as S3 sends it, so a part of 50,000 files is
 * never held as a listing and a plan at once. Without a manifest, the listing says why.
 */
async function planPart(options) {
    const { client, bucket } = options;
    const prefix = checkPrefix(options.prefix);
    const uri = `s3://${bucket}/${prefix}`;
    const retry = resolveTuning(options.tuning).retry;
    const planned = await manifestPlan(options, prefix, uri);
    if (planned === undefined) {
        const listed = await listAllKeys(client, bucket, prefix, options);
        // Only the control files decide (no array of every name).
        const state = (0,src/* partState */.tC)(listed.map((o) => o.key.slice(prefix.length)).filter((name) => (0,src/* isControlFile */.e2)(name)));
        if (state !== 'legacy') {
            throw new IncompletePartError(`${uri} is incomplete: its upload started (${src/* UPLOAD_MARKER */.VZ}) and never wrote ${src/* MANIFEST */.e0}. Re-run the stage that produces it, or pick a complete dataset.`);
        }
        if (options.requireManifest) {
            throw new IncompletePartError(`${uri} has no ${src/* MANIFEST */.e0}, so it cannot be verified. Re-publish it with run-stage, or allow parts without a manifest.`);
        }
        return { planned: planFromListing(prefix, listed), verified: false };
    }
    // Every file of the manifest must be listed with its size (one byte per file, no map of paths).
    const seen = new Uint8Array(planned.count);
    for await (const page of listKeyPages(client, bucket, prefix, { ...options, retry })) {
        for (const object of page) {
            const relative = object.key.slice(prefix.length);
            const index = planned.indexOf(relative);
            if (index < 0)
                continue;
            if (object.size !== planned.size(index)) {
                throw new PartIntegrityError(`${uri}${relative} has ${object.size} bytes in S3, the manifest says ${planned.size(index)}: the object was changed after upload. Re-run the stage that produced this part.`);
            }
            seen[index] = 1;
        }
    }
    const missing = seen.indexOf(0);
    if (missing >= 0) {
        throw new PartIntegrityError(`${uri}${planned.path(missing)} is listed in the part's manifest but missing from S3. The part is damaged: re-run the stage that produced it.`);
    }
    return { planned, verified: true };
}
/**
 * The part's manifest as a plan, or undefined when it has none, each path checked safe. The
 * manifest is parsed as it arrives, each entry going straight into the plan: its text and its
 * parsed entries are never held whole (50,000 files: ~7 MiB of text and ~8 MiB of entries); the
 * plan holds the same in ~3 MiB (download-plan.ts, issue 14).
 */
async function manifestPlan(options, prefix, uri) {
    const read = await readTextInto({
        client: options.client,
        bucket: options.bucket,
        key: prefix + src/* MANIFEST */.e0,
        signal: options.signal,
        retry: resolveTuning(options.tuning).retry,
    }, () => {
        const plan = new DownloadPlanBuilder();
        const reader = new src/* ManifestReader */.pT(uri + src/* MANIFEST */.e0, {
            file: (file) => plan.add(file),
            restart: () => plan.restart(),
        });
        return { plan, reader, write: (text) => reader.write(text) };
    }, true);
    if (read === undefined)
        return undefined;
    read.reader.end();
    const planned = read.plan.build();
    for (let index = 0; index < planned.count; index++) {
        relativePathOfKey(prefix, prefix + planned.path(index));
    }
    return planned;
}
function planFromListing(prefix, listed) {
    return new DownloadPlan(listed
        .filter((o) => !o.key.endsWith('/')) // folder placeholders from consoles: no content
        .map((o) => ({ path: relativePathOfKey(prefix, o.key), size: o.size }))
        .filter((f) => !(0,src/* isControlFile */.e2)(f.path)));
}
async function downloadPlanned(options, planned, verified) {
    const tuning = resolveTuning(options.tuning);
    const destination = (index) => localPathFor(options.localDir, planned.path(index));
    // Before any byte moves: a part folder that is a link, or a link where a file (or its
    // temporary name) will be written, would send the download outside the workspace.
    refuseLinks(options.localDir, options.localDir);
    for (let index = 0; index < planned.count; index++) {
        const target = destination(index);
        refuseLinks(options.localDir, target);
        refuseLinks(options.localDir, `${target}.cat-partial`);
    }
    const total = planned.totalBytes;
    const progress = new ProgressCounter(planned.count, total, options.onProgress);
    const context = {
        objects: objectsOf(options.client),
        bucket: options.bucket,
        retry: tuning.retry,
        smallFileBytes: tuning.smallFileBytes,
        folders: new FolderMaker(options.localDir),
        onBytes: (n) => progress.bytes(n),
    };
    await forEachWithSecondPass(planned.largestFirst(), boundConcurrency(options.concurrency), async (index, signal) => {
        await downloadFile({ ...context, signal }, options.prefix + planned.path(index), destination(index), planned.expected(index));
        progress.fileDone();
    }, options.signal);
    return { files: planned.count, bytes: total, verified };
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./packages/transfer/src/heap.ts


const heap_MiB = 1024 * 1024;
/**
 * Keeps V8's young generation at its starting size for the rest of the process. During a long
 * transfer (and while big modules load) V8 grows it step by step to its maximum, which is most of
 * the memory a transfer adds. Measured on Node 24, peak RSS of a 1 GiB download: 145 MiB without;
 * 130-134 MiB when a bundle calls this from its first import; 105-109 MiB when set before the
 * bundle loads at all; same speed and CPU. The growth factor is read whenever V8 considers
 * growing, so setting it at run time works (the heap-size flags do not). Process-wide, so not done
 * behind a caller's back: call it once, as early as possible in an action's entry.
 */
function limitYoungGenerationGrowth() {
    (0,external_node_v8_.setFlagsFromString)('--semi-space-growth-factor=1');
}
/**
 * The heap in use plus the buffers it holds outside itself: a stream of a large file allocates a
 * 64 KiB buffer per chunk (hundreds of MiB of garbage over a transfer), which V8 counts only as
 * external memory and collects on its own only every ~64 MiB of it.
 */
function inUse() {
    const { used_heap_size, external_memory } = (0,external_node_v8_.getHeapStatistics)();
    return used_heap_size + (external_memory ?? 0);
}
const externalMemory = () => (0,external_node_v8_.getHeapStatistics)().external_memory ?? 0;
/**
 * Bounds the memory of a long transfer with two timers (issue 14, peak RSS under 100 MiB):
 *
 * - Every `intervalMs`, when the heap in use (with the buffers it holds outside itself) is above
 *   `limitBytes`, a full collection. Without it, peak RSS grows with the number of files (1,000
 *   small files left ~47 MiB of heap in use at the peak, ~15 MiB of it live): V8 puts off
 *   old-generation collections while memory looks plentiful, and a job's runner counts the
 *   garbage too. It is V8's "last resort" flavour, which also compacts and gives emptied pages
 *   back to the OS: after a plain one V8 kept them (70 MiB committed for 4 MiB live in a test),
 *   and at 50,000 files ~18 MiB of RSS was such pages. It takes about twice as long, ~10 ms for
 *   the ~15 MiB a transfer keeps live; when live data itself outgrows the limit (a very large
 *   listing), the limit moves to what is live plus the same headroom, so collections never run
 *   back to back; it comes down again with what is live.
 * - Every `bufferIntervalMs`, when external buffers have grown by `bufferBytes` since the last
 *   collection, a young-generation one (well under a millisecond). A download receives its
 *   bodies as 64 KiB buffers that die at once, but their small JS handles hardly fill the young
 *   generation, so they were freed late and in bulk: the malloc heap of a 4 x 64 MiB download
 *   reached 25-37 MiB and stayed there (peak RSS 101-108 MiB; 77 MiB with this).
 *
 * Process-wide: call once from an action's entry. The timers never keep the process alive.
 * Beware: `--expose-gc` changes V8's flag hash, so every Node built-in first loaded after this
 * call compiles from source instead of using Node's precompiled code (slower to load); load the
 * built-ins a transfer needs before calling it.
 */
function boundHeap(options = {}) {
    const { limitBytes = 8 * heap_MiB, intervalMs = 100, bufferBytes = 4 * heap_MiB, bufferIntervalMs = 10, } = options;
    (0,external_node_v8_.setFlagsFromString)('--expose-gc');
    const gc = (0,external_node_vm_.runInNewContext)('gc');
    if (typeof gc !== 'function')
        return { stop: () => { }, collections: () => 0, youngCollections: () => 0 };
    // Room for garbage above what is live: a collection every `headroom` bytes allocated at most.
    const headroom = limitBytes;
    let limit = limitBytes;
    let full = 0;
    let young = 0;
    let buffersAfterCollection = externalMemory();
    const major = setInterval(() => {
        if (inUse() <= limit)
            return;
        gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
        full++;
        buffersAfterCollection = externalMemory();
        // The limit follows what is live, down as well as up: once raised by a large folder's walk,
        // it stayed there for the rest of the transfer.
        limit = Math.max(limitBytes, inUse() + headroom);
    }, intervalMs);
    const minor = setInterval(() => {
        const buffers = externalMemory();
        if (buffers < buffersAfterCollection)
            buffersAfterCollection = buffers;
        if (buffers <= buffersAfterCollection + bufferBytes)
            return;
        gc({ type: 'minor' });
        young++;
        buffersAfterCollection = externalMemory();
    }, bufferIntervalMs);
    major.unref();
    minor.unref();
    return {
        stop: () => {
            clearInterval(major);
            clearInterval(minor);
        },
        collections: () => full,
        youngCollections: () => young,
    };
}

;// CONCATENATED MODULE: ./packages/transfer/src/index.ts
/**
 * Parallel, streamed, checksummed S3 transfers of dataset parts with manifests. Every function
 * takes the caller's client (`S3Target`: the actions' S3 client, an SDK S3Client, or the object
 * calls themselves): credentials, endpoint and region are the caller's business. With the
 * actions' client and credentials in the environment, no SDK code is loaded (object-store.ts).
 */












/***/ })

};
