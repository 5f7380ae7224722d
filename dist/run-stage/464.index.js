export const id = 464;
export const ids = [464];
export const modules = {

/***/ 6464:
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
  limitYoungGenerationGrowth: () => (/* reexport */ limitYoungGenerationGrowth),
  listAllKeys: () => (/* reexport */ listAllKeys),
  listLocalFiles: () => (/* reexport */ listLocalFiles),
  listLocalTree: () => (/* reexport */ listLocalTree),
  localPathFor: () => (/* reexport */ localPathFor),
  putText: () => (/* reexport */ putText),
  relativePathOfKey: () => (/* reexport */ relativePathOfKey),
  uploadPart: () => (/* reexport */ uploadPart),
  uploadTree: () => (/* reexport */ uploadTree)
});

// EXTERNAL MODULE: ./packages/core/src/index.ts + 17 modules
var src = __webpack_require__(3988);
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
 * Every key under `prefix`, through the project's one guarded pagination helper
 * (packages/core paging.ts: a repeated continuation token is an error, not an endless loop).
 * No delimiter: a part's files sit at any depth, and s3rver's `/`-delimited listings are wrong
 * anyway (DESIGN.md section 4).
 */
async function listAllKeys(client, bucket, prefix, options = {}) {
    const { ListObjectsV2Command } = await s3Commands();
    const what = `listing s3://${bucket}/${prefix}`;
    const { items } = await (0,src/* listAll */._w)(what, async (token) => {
        const page = await withTransferRetry(() => client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: options.signal }), { what, client, signal: options.signal, retry: options.retry });
        return {
            items: (page.Contents ?? [])
                .filter((item) => item.Key !== undefined)
                .map((item) => ({ key: item.Key, size: item.Size ?? 0 })),
            next: page.IsTruncated ? page.NextContinuationToken : undefined,
        };
    });
    return items;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
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




const inside = (root, target) => target.startsWith(root + (external_node_path_default()).sep);
/**
 * Every regular file under `root`, sorted by path so uploads and manifests are reproducible.
 * Symbolic links are never followed out of `root`: a link to a file inside it is uploaded as that
 * file's content; a link that leads outside (`passwd -> /etc/passwd`, `environ ->
 * /proc/self/environ`), to a folder (loops) or nowhere is left out and listed in `skippedLinks`,
 * for the caller to warn about. Nothing is read through a link that leaves the folder, so /proc
 * and the rest of the machine stay out of uploads whatever the stage wrote.
 */
async function listLocalTree(root) {
    const rootStat = await (0,promises_.lstat)(root).catch(() => undefined);
    if (!rootStat?.isDirectory()) {
        throw new src/* InputError */.dz({
            input: 'local folder',
            received: root,
            expected: rootStat?.isSymbolicLink()
                ? 'a folder, not a symbolic link (an upload never follows a link out of the working directory)'
                : 'an existing folder to upload',
        });
    }
    const realRoot = await (0,promises_.realpath)(root);
    const files = [];
    const skippedLinks = [];
    const walk = async (dir, relative) => {
        for (const entry of await (0,promises_.readdir)(dir, { withFileTypes: true })) {
            const absolutePath = external_node_path_default().join(dir, entry.name);
            const rel = relative ? `${relative}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                await walk(absolutePath, rel);
            }
            else if (entry.isFile()) {
                const info = await (0,promises_.stat)(absolutePath).catch(() => undefined);
                if (info?.isFile())
                    files.push({ path: rel, absolutePath, size: info.size });
            }
            else if (entry.isSymbolicLink()) {
                const target = await (0,promises_.realpath)(absolutePath).catch(() => undefined);
                if (!target || !inside(realRoot, target)) {
                    const written = await (0,promises_.readlink)(absolutePath).catch(() => '?');
                    skippedLinks.push({
                        path: rel,
                        target: target ?? written,
                        reason: target ? 'outside' : 'broken',
                    });
                    continue;
                }
                const info = await (0,promises_.stat)(target).catch(() => undefined);
                if (info?.isFile())
                    files.push({ path: rel, absolutePath: target, size: info.size });
                else
                    skippedLinks.push({ path: rel, target, reason: 'folder' });
            }
        }
    };
    await walk(root, '');
    const byPath = (a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
    return { files: files.sort(byPath), skippedLinks: skippedLinks.sort(byPath) };
}
/** The files listLocalTree finds: links out of `root` are left out (see there). */
async function listLocalFiles(root) {
    return (await listLocalTree(root)).files;
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

;// CONCATENATED MODULE: ./packages/transfer/src/objects.ts



/** Writes a small text object (a manifest, a marker, a log), retried on transient faults. */
async function putText(target) {
    const { PutObjectCommand } = await s3Commands();
    const body = Buffer.from(target.text, 'utf8');
    await withTransferRetry(() => target.client.send(new PutObjectCommand({
        Bucket: target.bucket,
        Key: target.key,
        Body: body,
        ContentLength: body.length,
        ContentType: target.contentType ?? 'text/plain; charset=utf-8',
    }), { abortSignal: target.signal, requestTimeout: requestDeadline(body.length) }), {
        what: `writing s3://${target.bucket}/${target.key}`,
        signal: target.signal,
        client: target.client,
        retry: target.retry,
    });
}
/** Reads a small text object whole (manifests only: never a data file). */
async function getText(target) {
    const { GetObjectCommand } = await s3Commands();
    return withTransferRetry(async () => {
        const response = await target.client.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.key }), { abortSignal: target.signal });
        return (await response.Body?.transformToString('utf8')) ?? '';
    }, {
        what: `reading s3://${target.bucket}/${target.key}`,
        signal: target.signal,
        client: target.client,
        retry: target.retry,
    });
}
/** Deletes one key (idempotent: a missing key is fine). */
async function deleteKey(target) {
    const { DeleteObjectCommand } = await s3Commands();
    await withTransferRetry(() => target.client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: target.key }), {
        abortSignal: target.signal,
    }), {
        what: `deleting s3://${target.bucket}/${target.key}`,
        signal: target.signal,
        client: target.client,
        retry: target.retry,
    });
}
/**
 * Deletes many keys, 1,000 per DeleteObjects request (the S3 limit). A key S3 reports as not
 * deleted fails the whole call: a stale file left behind would make the part differ from its folder.
 */
async function deleteKeys(target) {
    const { DeleteObjectsCommand } = await s3Commands();
    for (let start = 0; start < target.keys.length; start += 1000) {
        const batch = target.keys.slice(start, start + 1000);
        const response = await withTransferRetry(() => target.client.send(new DeleteObjectsCommand({
            Bucket: target.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }), { abortSignal: target.signal }), {
            what: `deleting ${batch.length} stale key(s) in s3://${target.bucket}`,
            signal: target.signal,
            client: target.client,
            retry: target.retry,
        });
        const failed = response.Errors ?? [];
        if (failed.length > 0) {
            const first = failed[0];
            throw new src/* ServiceError */._7(`S3 did not delete ${failed.length} stale key(s) in s3://${target.bucket}, e.g. ${first.Key}: ` +
                `${first.Code} ${first.Message ?? ''}`.trim() +
                '. Check that the role may s3:DeleteObject under this prefix, then re-run the stage.');
        }
    }
}

;// CONCATENATED MODULE: ./packages/transfer/src/part-buffers.ts
/**
 * Part-sized buffers reused across multipart uploads, so large files cost a fixed amount of
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
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
function sha256Hex(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}

;// CONCATENATED MODULE: ./packages/transfer/src/multipart-upload.ts





const MAX_PARTS = 10_000;
const MIN_PART = 5 * 1024 * 1024;
/**
 * A multipart upload that reads the file once, in order, straight into reused part buffers:
 * memory is queueSize * partSize whatever the file size, and no file data becomes garbage (with
 * lib-storage's Upload, measured peaks passed 150 MiB on a 1 GiB file: its chunker concatenates
 * stream chunks, and V8 collects external buffers only every ~64 MiB). The SHA-256 is updated as
 * parts are read. Each part is retried on its own (it is a buffer: replayable); a part that
 * finally fails stops the rest, and the upload is aborted (best effort: lifecycle rules clean up).
 */
async function uploadMultipart(request) {
    const { CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, AbortMultipartUploadCommand, } = await s3Commands();
    const { client, bucket, key, file, signal } = request;
    const uri = `s3://${bucket}/${key}`;
    const partSize = Math.max(MIN_PART, request.partSizeBytes, Math.ceil(file.size / MAX_PARTS));
    const retrying = (what, call) => withTransferRetry(call, { what: `${what} of ${uri}`, client, retry: request.retry, signal });
    const { UploadId } = await retrying('CreateMultipartUpload', () => client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal,
    }));
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
            const body = buffer.subarray(0, length);
            hash.update(body);
            offset += length;
            const number = partNumber;
            const sending = retrying(`UploadPart ${number}`, () => client.send(new UploadPartCommand({
                Bucket: bucket,
                Key: key,
                UploadId,
                PartNumber: number,
                Body: body,
                ContentLength: length,
            }), { abortSignal: signal, requestTimeout: requestDeadline(length) }))
                .then(({ ETag }) => {
                parts.push({ PartNumber: number, ETag });
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
        await client
            .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }))
            .catch(() => undefined);
        throw failure.error;
    }
    parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await retrying('CompleteMultipartUpload', () => client.send(new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
    }), { abortSignal: signal }));
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
 * Uploads one file to `key`, reading it once per attempt; the SHA-256 comes from the same read.
 * Single-request files are retried whole (each attempt re-opens the file); multipart uploads
 * retry part by part (see multipart-upload.ts).
 */
async function uploadFile(context, file, key) {
    const { tuning, signal } = context;
    if (file.size >= tuning.multipartThresholdBytes && file.size > tuning.smallFileBytes) {
        return context.multipartLanes.use(() => uploadMultipart({
            client: context.client,
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
    return withTransferRetry(async () => {
        let sent = 0;
        const count = (n) => {
            sent += n;
            context.onBytes?.(n);
        };
        try {
            if (file.size <= tuning.smallFileBytes)
                return await putSmall(context, file, key, count);
            return await putStreamed(context, file, key, count);
        }
        catch (error) {
            context.onBytes?.(-sent);
            throw error;
        }
    }, {
        what: `upload of s3://${context.bucket}/${key}`,
        client: context.client,
        signal,
        retry: tuning.retry,
    });
}
// The callback API: fs/promises makes a FileHandle per file, which profiling showed costly
// (and GC-tracked) across thousands of small files.
const readWholeFile = (0,external_node_util_.promisify)(external_node_fs_.readFile);
async function putSmall(context, file, key, count) {
    const { PutObjectCommand } = await s3Commands();
    const body = await readWholeFile(file.absolutePath);
    const digest = (0,external_node_crypto_.createHash)('sha256').update(body).digest();
    await context.client.send(new PutObjectCommand({
        Bucket: context.bucket,
        Key: key,
        Body: body,
        ContentLength: body.length,
        // S3 checks the body against it and refuses a damaged upload (BadDigest).
        ChecksumSHA256: digest.toString('base64'),
    }), { abortSignal: context.signal, requestTimeout: requestDeadline(body.length) });
    count(body.length);
    return { size: body.length, sha256: digest.toString('hex') };
}
function checkedStream(file, count) {
    const source = new ChecksumStream(count);
    const reader = (0,external_node_fs_.createReadStream)(file.absolutePath);
    reader.on('error', (error) => source.destroy(error));
    reader.pipe(source);
    return {
        source,
        done: () => {
            if (source.bytes !== file.size) {
                throw new LocalFileChangedError(`${file.absolutePath} changed while it was uploaded (${source.bytes} bytes read, ${file.size} expected). Do not write to a part folder during its upload.`);
            }
            return { size: source.bytes, sha256: source.digest() };
        },
    };
}
async function putStreamed(context, file, key, count) {
    const { PutObjectCommand } = await s3Commands();
    const { source, done } = checkedStream(file, count);
    try {
        await context.client.send(new PutObjectCommand({
            Bucket: context.bucket,
            Key: key,
            Body: source,
            ContentLength: file.size,
        }), { abortSignal: context.signal, requestTimeout: requestDeadline(file.size) });
    }
    finally {
        source.destroy();
    }
    return done();
}

;// CONCATENATED MODULE: ./packages/transfer/src/upload-part.ts










/**
 * Uploads every file of `localDir` under `prefix`, in parallel, and returns what was sent with
 * each file's SHA-256. No manifest, no stale-key removal: for plain prefixes (test results, logs).
 */
async function uploadTree(options) {
    const { files, bytes } = await uploadFiles(options, await localFilesOf(options));
    return { files: files.length, bytes };
}
/**
 * Publishes a dataset part so that it is complete only once all of it is there:
 *   1. write UPLOAD_MARKER, then delete an old MANIFEST (a re-run must not look complete midway)
 *   2. upload every file (parallel, streamed, hashed in the same read)
 *   3. delete keys under the prefix that are not in the folder (the part equals the folder)
 *   4. write MANIFEST (paths, sizes, SHA-256), then delete the marker.
 * Interrupted anywhere before 4, the part has a marker and no manifest: incomplete.
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
    await deleteKey({ ...target, key: prefix + src/* MANIFEST */.e0 });
    const { files, bytes } = await uploadFiles(options, local);
    const wanted = new Set(local.map((f) => prefix + f.path));
    const existing = await listAllKeys(client, bucket, prefix, target);
    const removedKeys = existing
        .map((o) => o.key)
        .filter((key) => !wanted.has(key) && !(0,src/* isControlFile */.e2)(key.slice(prefix.length)));
    await deleteKeys({ ...target, keys: removedKeys });
    const manifest = (0,src/* buildManifest */.u1)(options.identity, files);
    await putText({
        ...target,
        key: prefix + src/* MANIFEST */.e0,
        text: `${JSON.stringify(manifest, null, 1)}\n`,
        contentType: 'application/json',
    });
    await deleteKey({ ...target, key: prefix + src/* UPLOAD_MARKER */.VZ });
    return { files: files.length, bytes, manifest, removedKeys };
}
/** The folder's files, minus root-level control files (they are written by the upload itself). */
async function localFilesOf(options) {
    checkPrefix(options.prefix);
    return (await listLocalFiles(options.localDir)).filter((f) => !(0,src/* isControlFile */.e2)(f.path));
}
async function uploadFiles(options, local) {
    const tuning = resolveTuning(options.tuning);
    const total = local.reduce((sum, f) => sum + f.size, 0);
    const progress = new ProgressCounter(local.length, total, options.onProgress);
    const context = {
        client: options.client,
        bucket: options.bucket,
        tuning,
        multipartLanes: new Semaphore(Math.max(1, tuning.multipartLanes)),
        partBuffers: new PartBufferPool(),
        onBytes: (n) => progress.bytes(n),
    };
    const files = new Array(local.length);
    const indexed = local.map((file, index) => ({ file, index }));
    // Largest first: the long multipart uploads start early and small files fill the gaps.
    indexed.sort((a, b) => b.file.size - a.file.size);
    await forEachWithSecondPass(indexed, boundConcurrency(options.concurrency), async ({ file, index }, signal) => {
        const sent = await uploadFile({ ...context, signal }, file, options.prefix + file.path);
        files[index] = { path: file.path, size: sent.size, sha256: sent.sha256 };
        progress.fileDone();
    }, options.signal);
    return { files, bytes: files.reduce((sum, f) => sum + f.size, 0) };
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
;// CONCATENATED MODULE: ./packages/transfer/src/download-file.ts








/**
 * Downloads one object to `destination`, hashing it (SHA-256) as it arrives. Nothing gets the
 * final name before size and checksum match: small objects are checked in memory and then
 * written; large ones stream to a temporary name that is renamed once checked.
 */
async function downloadFile(context, key, destination, expected) {
    const { GetObjectCommand } = await s3Commands();
    const uri = `s3://${context.bucket}/${key}`;
    await context.folders.ensure(external_node_path_default().dirname(destination));
    const partial = `${destination}.cat-partial`;
    const small = expected.size <= context.smallFileBytes;
    let got;
    try {
        got = await withTransferRetry(async () => {
            let received = 0;
            const count = (n) => {
                received += n;
                context.onBytes?.(n);
            };
            try {
                const response = await context.client.send(new GetObjectCommand({ Bucket: context.bucket, Key: key }), { abortSignal: context.signal });
                const body = response.Body;
                return small
                    ? await receiveInMemory(body, expected.size, count)
                    : await receiveToFile(body, partial, count, context.signal);
            }
            catch (error) {
                context.onBytes?.(-received);
                if (error.name === 'NoSuchKey') {
                    throw new PartIntegrityError(`${uri} is listed in the part's manifest but missing from S3. The part is damaged: re-run the stage that produced it.`);
                }
                throw error;
            }
        }, {
            what: `download of ${uri}`,
            client: context.client,
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
        await (0,promises_.writeFile)(destination, got.body);
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
    const { client, bucket } = options;
    const prefix = checkPrefix(options.prefix);
    const listed = await listAllKeys(client, bucket, prefix, options);
    const uri = `s3://${bucket}/${prefix}`;
    const state = (0,src/* partState */.tC)(listed.map((o) => o.key.slice(prefix.length)));
    if (state === 'incomplete') {
        throw new IncompletePartError(`${uri} is incomplete: its upload started (${src/* UPLOAD_MARKER */.VZ}) and never wrote ${src/* MANIFEST */.e0}. Re-run the stage that produces it, or pick a complete dataset.`);
    }
    if (state === 'legacy') {
        if (options.requireManifest) {
            throw new IncompletePartError(`${uri} has no ${src/* MANIFEST */.e0}, so it cannot be verified. Re-publish it with run-stage, or allow parts without a manifest.`);
        }
        return downloadPlanned(options, planFromListing(prefix, listed), false);
    }
    const manifest = (0,src/* parseManifest */.Ng)(await getText({
        client,
        bucket,
        key: prefix + src/* MANIFEST */.e0,
        signal: options.signal,
        retry: resolveTuning(options.tuning).retry,
    }), uri + src/* MANIFEST */.e0);
    const sizes = new Map(listed.map((o) => [o.key, o.size]));
    const planned = manifest.files.map((f) => {
        const relative = relativePathOfKey(prefix, prefix + f.path);
        const listedSize = sizes.get(prefix + f.path);
        if (listedSize === undefined) {
            throw new PartIntegrityError(`${uri}${f.path} is listed in the part's manifest but missing from S3. The part is damaged: re-run the stage that produced it.`);
        }
        if (listedSize !== f.size) {
            throw new PartIntegrityError(`${uri}${f.path} has ${listedSize} bytes in S3, the manifest says ${f.size}: the object was changed after upload. Re-run the stage that produced this part.`);
        }
        return { relative, size: f.size, sha256: f.sha256 };
    });
    return downloadPlanned(options, planned, true);
}
function planFromListing(prefix, listed) {
    return listed
        .filter((o) => !o.key.endsWith('/')) // folder placeholders from consoles: no content
        .map((o) => ({ relative: relativePathOfKey(prefix, o.key), size: o.size }))
        .filter((f) => !(0,src/* isControlFile */.e2)(f.relative));
}
async function downloadPlanned(options, planned, verified) {
    const tuning = resolveTuning(options.tuning);
    const targets = planned.map((f) => ({ ...f, path: localPathFor(options.localDir, f.relative) }));
    // Before any byte moves: a part folder that is a link, or a link where a file (or its
    // temporary name) will be written, would send the download outside the workspace.
    refuseLinks(options.localDir, options.localDir);
    for (const target of targets) {
        refuseLinks(options.localDir, target.path);
        refuseLinks(options.localDir, `${target.path}.cat-partial`);
    }
    const total = planned.reduce((sum, f) => sum + f.size, 0);
    const progress = new ProgressCounter(planned.length, total, options.onProgress);
    const context = {
        client: options.client,
        bucket: options.bucket,
        retry: tuning.retry,
        smallFileBytes: tuning.smallFileBytes,
        folders: new FolderMaker(options.localDir),
        onBytes: (n) => progress.bytes(n),
    };
    targets.sort((a, b) => b.size - a.size);
    await forEachWithSecondPass(targets, boundConcurrency(options.concurrency), async (file, signal) => {
        await downloadFile({ ...context, signal }, options.prefix + file.relative, file.path, file);
        progress.fileDone();
    }, options.signal);
    return { files: planned.length, bytes: total, verified };
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
 * Bounds the JS heap of a long transfer: every `intervalMs`, when the heap in use is above
 * `limitBytes`, runs a full collection. Without it, peak RSS grows with the number of files
 * (issue 14: 1,000 small files uploaded by run-stage left ~47 MiB of heap in use at the peak, of
 * which ~15 MiB was live; V8 puts off old-generation collections while memory looks plentiful, and
 * a job's runner counts the garbage too). A collection of the ~15 MiB a transfer keeps live takes a
 * few milliseconds; when live data itself outgrows the limit (a very large listing), the limit
 * moves to what is live plus the same headroom, so collections never run back to back. Process-wide, like the flag above: call once
 * from an action's entry. The timer never keeps the process alive.
 */
function boundHeap(limitBytes = 16 * heap_MiB, intervalMs = 100) {
    (0,external_node_v8_.setFlagsFromString)('--expose-gc');
    const gc = (0,external_node_vm_.runInNewContext)('gc');
    // Room for garbage above what is live: a collection every `headroom` bytes allocated at most.
    const headroom = limitBytes;
    let limit = limitBytes;
    let count = 0;
    const timer = setInterval(() => {
        if (typeof gc !== 'function' || (0,external_node_v8_.getHeapStatistics)().used_heap_size <= limit)
            return;
        gc();
        count++;
        const live = (0,external_node_v8_.getHeapStatistics)().used_heap_size;
        if (live > limit - headroom / 2)
            limit = live + headroom;
    }, intervalMs);
    timer.unref();
    return { stop: () => clearInterval(timer), collections: () => count };
}

;// CONCATENATED MODULE: ./packages/transfer/src/index.ts
/**
 * Parallel, streamed, checksummed S3 transfers of dataset parts with manifests. Every function
 * takes the caller's `S3Client`: credentials, endpoint and region are the caller's business.
 */












/***/ })

};
