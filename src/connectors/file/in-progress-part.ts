import { constants, truncateSync } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeValue } from '../../api/functions/normalize.js';
import type { FileSinkCommittable, FileWriterBucketState } from './file-sink-state.js';
import type { PartFileInfo } from './rolling-policy.js';

/**
 * One part file being written under its hidden name (Flink's InProgressFileWriter over a local RecoverableWriter).
 * append() only buffers (per record, synchronous); flush() writes the buffer with one positioned write; sync()
 * makes the written bytes durable; close() flushes, syncs and closes, after which the part is a committable.
 * File operations run one after another on a small promise queue, so a roll during a flush cannot race it.
 */
export class InProgressPart implements PartFileInfo {
  size: number;
  lastUpdateTime: number;
  /** Bytes handed to the file system (the valid length once synced). */
  private written: number;
  private chunks: (string | Uint8Array)[] = [];
  private onlyStrings = true;
  private handle: FileHandle | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly resumed: boolean;

  private constructor(
    readonly bucketId: string,
    readonly inProgressPath: string,
    readonly finalPath: string,
    readonly creationTime: number,
    validLength: number,
    resumed: boolean,
  ) {
    this.size = validLength;
    this.written = validLength;
    this.lastUpdateTime = creationTime;
    this.resumed = resumed;
  }

  static create(bucketId: string, inProgressPath: string, finalPath: string, now: number): InProgressPart {
    return new InProgressPart(bucketId, inProgressPath, finalPath, now, 0, false);
  }

  /**
   * Resumes a part from a checkpoint: truncates the file to its valid length now (synchronously, once per restore),
   * dropping whatever a failed attempt wrote after that checkpoint.
   */
  static resume(state: FileWriterBucketState): InProgressPart {
    try {
      truncateSync(state.inProgressPath, state.validLength);
    } catch (error) {
      throw new Error(
        `FileSink cannot resume in-progress part '${state.inProgressPath}' of bucket '${state.bucketId}' at ` +
          `${state.validLength} bytes: ${(error as Error).message}. The checkpoint refers to a file that is gone or ` +
          'unwritable: restore with the same base path, and do not delete hidden .inprogress files while the job runs.',
      );
    }
    const part = new InProgressPart(
      state.bucketId,
      state.inProgressPath,
      state.finalPath,
      state.creationTime,
      state.validLength,
      true,
    );
    part.lastUpdateTime = state.lastUpdateTime;
    return part;
  }

  /** Per record: buffers the encoded bytes and returns their count. No I/O. */
  append(data: string | Uint8Array, now: number): number {
    this.chunks.push(data);
    let bytes: number;
    if (typeof data === 'string') bytes = Buffer.byteLength(data);
    else if (data instanceof Uint8Array) {
      bytes = data.byteLength;
      this.onlyStrings = false;
    } else {
      this.chunks.pop();
      throw new TypeError(
        `FileSink: the encoder returned ${describeValue(data)} for a record of bucket '${this.bucketId}'; ` +
          'Encoder.encode must return a string or a Uint8Array',
      );
    }
    this.size += bytes;
    this.lastUpdateTime = now;
    return bytes;
  }

  get hasBuffered(): boolean {
    return this.chunks.length > 0;
  }

  flush(): Promise<void> {
    return this.enqueue(() => this.writeBuffered());
  }

  /** Flushes and makes the bytes durable (at a checkpoint, before the valid length goes into state). */
  sync(): Promise<void> {
    return this.enqueue(async () => {
      await this.writeBuffered();
      await this.handle?.datasync();
    });
  }

  /** Flushes, syncs and closes: the part is then pending, ready to be committed by a rename. */
  close(): Promise<FileSinkCommittable> {
    return this.enqueue(async () => {
      await this.writeBuffered();
      await this.ensureOpen();
      const handle = this.handle as FileHandle;
      this.handle = undefined;
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { bucketId: this.bucketId, pendingPath: this.inProgressPath, finalPath: this.finalPath };
    });
  }

  /** Drops the handle without flushing (the writer is closed after a failure or cancel). */
  async dispose(): Promise<void> {
    this.chunks = [];
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  /** The writer state for a checkpoint; valid only after sync(). */
  state(bucketPath: string): FileWriterBucketState {
    return {
      bucketId: this.bucketId,
      bucketPath,
      inProgressPath: this.inProgressPath,
      finalPath: this.finalPath,
      validLength: this.written,
      creationTime: this.creationTime,
      lastUpdateTime: this.lastUpdateTime,
    };
  }

  private enqueue<R>(action: () => Promise<R>): Promise<R> {
    const result = this.queue.then(action);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async writeBuffered(): Promise<void> {
    if (this.chunks.length === 0) return;
    const chunks = this.chunks;
    const bytes = this.onlyStrings
      ? Buffer.from((chunks as string[]).join(''))
      : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
    this.chunks = [];
    this.onlyStrings = true;
    await this.ensureOpen();
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await (this.handle as FileHandle).write(
          bytes,
          offset,
          bytes.length - offset,
          this.written + offset,
        );
        offset += bytesWritten;
      }
    } catch (error) {
      throw new Error(`FileSink could not write part file '${this.inProgressPath}': ${(error as Error).message}`);
    }
    this.written += bytes.length;
  }

  private async ensureOpen(): Promise<void> {
    if (this.handle !== undefined) return;
    try {
      if (this.resumed) {
        this.handle = await open(this.inProgressPath, constants.O_RDWR);
      } else {
        await mkdir(dirname(this.inProgressPath), { recursive: true });
        // Exclusive create: a name that exists already is a bug or a foreign file, never something to overwrite.
        this.handle = await open(this.inProgressPath, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL);
      }
    } catch (error) {
      throw new Error(
        `FileSink could not open part file '${this.inProgressPath}': ${(error as Error).message}. Check that the ` +
          'base path is a writable directory.',
      );
    }
  }
}
