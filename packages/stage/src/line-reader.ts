/**
 * The lines of a stage's output stream, split as node:readline splits them (`\n`, `\r\n` or a
 * lone `\r` ends a line; a `\r\n` split across two chunks is one ending; the last line needs no
 * ending). node:readline itself costs ~3 ms to load, paid before every stage started (issue 14);
 * this is all of it that run-stage used. tests/unit/stage/line-reader.test.ts holds it to
 * readline's output on the same chunks.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** readline's crlfDelay: a `\n` arriving this soon after a chunk ending in `\r` ends no line. */
const CRLF_DELAY_MS = 100;

export interface LineReader {
  /** Stops reading, as readline's close(): onClose runs, a line without its ending is dropped. */
  close(): void;
}

export function readLines(
  input: Readable,
  onLine: (line: string) => void,
  onClose: () => void,
): LineReader {
  const decoder = new StringDecoder('utf8');
  // Its own: the expression keeps its place (lastIndex) between matches.
  const lineEnd = /\r?\n|\r(?!\n)/g;
  let partial = '';
  let sawReturnAt = 0;
  let closed = false;
  const take = (text: string) => {
    if (closed) return;
    if (sawReturnAt) {
      if (text.startsWith('\n') && Date.now() - sawReturnAt <= CRLF_DELAY_MS) text = text.slice(1);
      sawReturnAt = 0;
    }
    if (text === '') return;
    const buffer = partial + text;
    lineEnd.lastIndex = 0;
    let start = 0;
    for (let match = lineEnd.exec(buffer); match; match = lineEnd.exec(buffer)) {
      onLine(buffer.slice(start, match.index));
      start = lineEnd.lastIndex;
    }
    if (start > 0 && buffer.endsWith('\r')) sawReturnAt = Date.now();
    partial = buffer.slice(start);
  };
  const close = () => {
    if (closed) return;
    take(decoder.end());
    closed = true;
    if (partial !== '') onLine(partial);
    partial = '';
    onClose();
  };
  input.on('data', (chunk: Buffer | string) =>
    take(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
  );
  input.on('end', close);
  input.on('close', close);
  return {
    close() {
      if (closed) return;
      closed = true;
      onClose();
    },
  };
}
