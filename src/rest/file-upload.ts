// Receives a multipart/form-data request (Flink's FileUploadHandler): file parts stream to disk under generated names
// in a fresh directory of the upload dir, plain fields (the `request` JSON) are kept in memory, and the whole body is
// held to rest.server.max-content-length. The client's file names are kept as data only (validated, for matching
// and display), never used to build a path. On any failure every file written so far is removed.
//
// Thread: the JobManager's main thread.

import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { boundaryOf, MultipartError, MultipartParser, type PartHeaders } from './multipart-parser.js';

export interface UploadedFile {
  /** The form field it came in (`jarfile`, `file_0`, ...). */
  readonly field: string;
  /** The client's file name: a plain name (checked by plainFileName), not a path. */
  readonly fileName: string;
  /** Where it was stored: a generated name in the request's upload directory. */
  readonly path: string;
  readonly size: number;
}

export interface MultipartRequest {
  /** Plain (non-file) fields by name, e.g. `request`. */
  readonly fields: ReadonlyMap<string, string>;
  readonly files: readonly UploadedFile[];
  /** The request's own directory; cleanup() removes it with every file not moved out of it. */
  readonly dir: string;
  cleanup(): Promise<void>;
}

export interface UploadOptions {
  /** Directory under which each request gets its own directory (e.g. `<web.upload.dir>/incoming`). */
  readonly dir: string;
  /** rest.server.max-content-length: the most bytes a request body may have. */
  readonly maxContentLength: number;
  /** The most bytes of one plain field (the `request` JSON). */
  readonly maxFieldBytes?: number;
}

const DEFAULT_MAX_FIELD_BYTES = 1 << 20;

/**
 * A plain file name from a client, or a 400 MultipartError naming it: no path separators (either kind), no "." or
 * "..", no control characters, at most 255 characters. Such names still never reach the disk.
 */
export function plainFileName(name: string, field: string): string {
  const problem =
    name === ''
      ? 'it is empty'
      : /[/\\]/.test(name)
        ? 'it contains a path separator'
        : name === '.' || name === '..'
          ? 'it is a directory reference'
          : // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects
            /[\u0000-\u001f\u007f]/.test(name)
            ? 'it contains control characters'
            : name.length > 255
              ? 'it is longer than 255 characters'
              : undefined;
  if (problem === undefined) return name;
  throw new MultipartError(
    `Bad request: the file name '${JSON.stringify(name).slice(1, -1).slice(0, 100)}' of form field '${field}' is ` +
      `not a plain file name (${problem}); send the file under its own name, e.g. job.mjs.`,
  );
}

/** Streams the request's multipart body to disk; rejects with a MultipartError (400/413) or an I/O error. */
export async function receiveMultipart(req: IncomingMessage, options: UploadOptions): Promise<MultipartRequest> {
  const boundary = boundaryOf(req.headers['content-type']);
  const dir = join(options.dir, randomUUID());
  await mkdir(dir, { recursive: true });
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    return await new MultipartReceiver(req, boundary, dir, options).received.then(({ fields, files }) => ({
      fields,
      files,
      dir,
      cleanup,
    }));
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** One request's parts, written as they come; pauses the request while a file's disk writes catch up. */
class MultipartReceiver {
  readonly received: Promise<{ fields: Map<string, string>; files: UploadedFile[] }>;
  private readonly fields = new Map<string, string>();
  private readonly files: UploadedFile[] = [];
  private file: { headers: PartHeaders; fileName: string; path: string; out: WriteStream; size: number } | undefined;
  private field: { name: string; chunks: Buffer[]; size: number } | undefined;
  private readonly writes: Promise<void>[] = [];
  private bytes = 0;
  private fail: (error: unknown) => void = () => {};

  constructor(
    private readonly req: IncomingMessage,
    boundary: string,
    private readonly dir: string,
    private readonly options: UploadOptions,
  ) {
    this.received = new Promise((resolve, reject) => {
      const parser = new MultipartParser(boundary, this);
      const fail = (error: unknown) => {
        this.fail = () => {};
        req.off('data', onData);
        req.off('end', onEnd);
        this.file?.out.destroy();
        reject(error);
      };
      const onData = (chunk: Buffer) => {
        this.bytes += chunk.length;
        try {
          if (this.bytes > options.maxContentLength) throw tooLarge(options.maxContentLength);
          parser.write(chunk);
        } catch (error) {
          fail(error);
        }
      };
      const onEnd = () => {
        try {
          parser.end();
        } catch (error) {
          fail(error);
          return;
        }
        Promise.all(this.writes).then(() => resolve({ fields: this.fields, files: this.files }), fail);
      };
      this.fail = fail;
      req.on('data', onData);
      req.on('end', onEnd);
      // A client that goes away mid-upload makes the request emit 'error' (aborted): the upload is removed.
      req.on('error', fail);
    });
  }

  partStart(headers: PartHeaders): void {
    if (headers.fileName === undefined) {
      if (this.fields.has(headers.name)) {
        throw new MultipartError(`Bad request: the form field '${headers.name}' is sent twice.`);
      }
      this.field = { name: headers.name, chunks: [], size: 0 };
      return;
    }
    const fileName = plainFileName(headers.fileName, headers.name);
    const path = join(this.dir, `${this.files.length}.upload`);
    const out = createWriteStream(path, { flags: 'wx' });
    // A failed disk write fails the request at once (and is not left as an unobserved rejection).
    this.writes.push(
      new Promise((resolve) => {
        out.on('close', resolve);
        out.on('error', (error) => {
          this.fail(error);
          resolve();
        });
      }),
    );
    out.on('drain', () => this.req.resume());
    this.file = { headers, fileName, path, out, size: 0 };
  }

  partData(data: Buffer): void {
    if (this.file !== undefined) {
      this.file.size += data.length;
      if (!this.file.out.write(data)) this.req.pause();
      return;
    }
    const field = this.field as { name: string; chunks: Buffer[]; size: number };
    field.size += data.length;
    const limit = this.options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
    if (field.size > limit) {
      throw new MultipartError(
        `Bad request: the form field '${field.name}' is larger than ${limit} bytes; send large data as a file part.`,
        413,
      );
    }
    field.chunks.push(data);
  }

  partEnd(): void {
    if (this.file !== undefined) {
      const { headers, fileName, path, out, size } = this.file;
      out.end();
      this.files.push({ field: headers.name, fileName, path, size });
      this.file = undefined;
      return;
    }
    const field = this.field as { name: string; chunks: Buffer[] };
    this.fields.set(field.name, Buffer.concat(field.chunks).toString('utf8'));
    this.field = undefined;
  }
}

export function tooLarge(limit: number): MultipartError {
  return new MultipartError(
    `Request entity too large: the body is larger than rest.server.max-content-length (${limit} bytes). Raise ` +
      'rest.server.max-content-length in the JobManager configuration to accept larger uploads.',
    413,
  );
}
