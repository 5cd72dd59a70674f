import { writeSync } from 'node:fs';
import { inspect } from 'node:util';
import type { Sink, SinkInitContext, SinkWriter } from './sink.js';

// print() / printToErr() (Flink's PrintSink). Worker threads relay process.stdout to the main thread
// asynchronously, so lines written that way can be lost on an early exit or interleave with other subtasks. The
// writer therefore buffers whole lines and writes them with fs.writeSync on the file descriptor itself, when the
// buffer passes ~32 KiB and on every flush (the runtime flushes per batch, at checkpoints and at the end of input).

/** Flushes the line buffer once it holds about this many characters. */
export const PRINT_BUFFER_CHARS = 32 * 1024;

export interface PrintSinkOptions {
  /** Receives the text instead of stdout/stderr (tests, custom consoles); called with whole lines only. */
  readonly writer?: (text: string) => void;
  /** Characters buffered before a write; default PRINT_BUFFER_CHARS. */
  readonly bufferChars?: number;
}

/**
 * Flink's PrintSinkOutputWriter prefix: "N> " (N = subtask index + 1) only when the sink runs with parallelism > 1,
 * "id:N> " with an identifier, "id> " with an identifier at parallelism 1, nothing otherwise.
 */
export function printPrefix(sinkIdentifier: string, subtaskIndex: number, parallelism: number): string {
  let prefix = sinkIdentifier;
  if (parallelism > 1) {
    if (prefix.length > 0) prefix += ':';
    prefix += String(subtaskIndex + 1);
  }
  return prefix.length > 0 ? `${prefix}> ` : '';
}

const INSPECT_OPTIONS = { compact: true, breakLength: Number.POSITIVE_INFINITY, depth: 4, colors: false } as const;

/**
 * How print() shows a record, standing in for Java's toString(): strings as they are; numbers, booleans and bigints
 * via String (no "n" suffix); arrays as Flink shows tuples, "(a,b,c)", fields rendered the same way; Dates as ISO
 * strings; objects whose class defines its own toString() through it; other objects and collections on one line
 * through util.inspect ("{ word: 'a', count: 1 }").
 */
export function formatRecord(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'function' ? inspect(value, INSPECT_OPTIONS) : String(value);
  }
  if (Array.isArray(value)) {
    let text = '(';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + formatRecord(value[i]);
    return `${text})`;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  const ownToString = (value as { toString?: unknown }).toString;
  if (typeof ownToString === 'function' && ownToString !== Object.prototype.toString && !ArrayBuffer.isView(value)) {
    const own = (value as { toString(): unknown }).toString();
    if (typeof own === 'string') return own;
  }
  return inspect(value, INSPECT_OPTIONS);
}

/** Writes a string to a file descriptor completely, retrying partial writes and EAGAIN on non-blocking pipes. */
export function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

/** Prints every record on its own line to stdout (or stderr), with Flink's subtask prefix. */
export class PrintSink<T> implements Sink<T> {
  readonly sinkIdentifier: string;

  constructor(
    sinkIdentifier = '',
    readonly stdErr = false,
    private readonly options: PrintSinkOptions = {},
  ) {
    if (typeof sinkIdentifier !== 'string') {
      throw new TypeError(`print(identifier): the identifier must be a string, got ${typeof sinkIdentifier}`);
    }
    this.sinkIdentifier = sinkIdentifier;
  }

  createWriter(context: SinkInitContext): SinkWriter<T> {
    const prefix = printPrefix(this.sinkIdentifier, context.subtaskId, context.numberOfParallelSubtasks);
    const fd = this.stdErr ? 2 : 1;
    const writer = this.options.writer ?? ((text: string) => writeFully(fd, text));
    return new PrintSinkWriter<T>(prefix, writer, this.options.bufferChars ?? PRINT_BUFFER_CHARS);
  }

  toString(): string {
    return this.stdErr ? 'Print to System.err' : 'Print to System.out';
  }
}

/** Contract: write/flush/close are called on the sink task's thread; each write appends one whole line. */
class PrintSinkWriter<T> implements SinkWriter<T> {
  private buffer = '';

  constructor(
    private readonly prefix: string,
    private readonly writer: (text: string) => void,
    private readonly bufferChars: number,
  ) {}

  write(element: T): void {
    this.buffer += `${this.prefix}${formatRecord(element)}\n`;
    if (this.buffer.length >= this.bufferChars) this.drain();
  }

  flush(): void {
    this.drain();
  }

  close(): void {
    this.drain();
  }

  private drain(): void {
    if (this.buffer.length === 0) return;
    const text = this.buffer;
    this.buffer = '';
    this.writer(text);
  }
}
