import { join } from 'node:path';
import type { SinkInitContext, SinkWriter, SinkWriterContext } from '../../api/sink/sink.js';
import { MIN_WATERMARK } from '../../core/time.js';
import type { BucketAssigner, BucketAssignerContext } from './bucket-assigner.js';
import type { Encoder } from './encoder.js';
import type { FileSinkCommittable, FileWriterBucketState } from './file-sink-state.js';
import { FileWriterBucket } from './file-writer-bucket.js';
import type { OutputFileConfig } from './output-file-config.js';
import type { RollingPolicy } from './rolling-policy.js';

/** Memory a writer may buffer between flushes before it asks the task to wait (a flush empties it). */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Everything a FileSink writer needs; fixed when the sink is built. */
export interface FileSinkSettings<IN> {
  readonly basePath: string;
  readonly encoder: Encoder<IN>;
  readonly bucketAssigner: BucketAssigner<IN>;
  readonly rollingPolicy: RollingPolicy<IN>;
  readonly outputFileConfig: OutputFileConfig;
  /** How often (ms) flushes ask the rolling policy about processing time (Flink's bucket check interval). */
  readonly bucketCheckInterval: number;
  /** Epoch ms; Date.now unless a test replaces it. */
  readonly clock: () => number;
}

/**
 * The FileSink's SinkWriter (Flink's FileWriter): routes each record to its bucket and buffers it there; flush()
 * writes the buffers, prepareCommit() closes the parts that roll and returns them as committables, snapshotState()
 * records each bucket's in-progress part with its valid length. Task thread only.
 */
export class FileWriter<IN>
  implements SinkWriter<IN, FileSinkCommittable, FileWriterBucketState>, BucketAssignerContext
{
  private readonly buckets = new Map<string, FileWriterBucket<IN>>();
  private now = 0;
  private context: SinkWriterContext | undefined;
  private endOfInput = false;
  /** Bytes appended since the last flush started (all buckets). */
  private bufferedBytes = 0;
  private io: Promise<void> = Promise.resolve();
  private lastTimeCheck: number;

  constructor(
    private readonly settings: FileSinkSettings<IN>,
    private readonly initContext: SinkInitContext,
  ) {
    this.lastTimeCheck = settings.clock();
  }

  /** A writer that resumes the in-progress parts of a checkpoint (truncating each to its valid length). */
  static restore<IN>(
    settings: FileSinkSettings<IN>,
    initContext: SinkInitContext,
    states: readonly FileWriterBucketState[],
  ): FileWriter<IN> {
    const writer = new FileWriter(settings, initContext);
    for (const state of states) writer.bucket(state.bucketId, state.bucketPath).restore(state);
    return writer;
  }

  /** Per record: one clock read (as Flink reads processing time per record), the bucket lookup, the encoding. */
  write(element: IN, context: SinkWriterContext): void {
    this.now = this.settings.clock();
    this.context = context;
    const bucketId = this.settings.bucketAssigner.getBucketId(element, this);
    const bucket = this.buckets.get(bucketId) ?? this.bucket(bucketId, undefined);
    this.bufferedBytes += bucket.write(element, this.settings.encoder.encode(element), this.now);
  }

  /** False once MAX_BUFFERED_BYTES wait in memory: the task then stops feeding records until whenAvailable(). */
  isAvailable(): boolean {
    return this.bufferedBytes < MAX_BUFFERED_BYTES;
  }

  whenAvailable(): Promise<void> {
    return this.flush(false);
  }

  currentProcessingTime(): number {
    return this.now;
  }

  currentWatermark(): number {
    return this.context?.currentWatermark() ?? MIN_WATERMARK;
  }

  timestamp(): number | undefined {
    return this.context?.timestamp();
  }

  flush(endOfInput: boolean): Promise<void> {
    if (endOfInput) this.endOfInput = true;
    return this.serial(() => this.flushBuckets());
  }

  /** At a checkpoint (or the end of input, after flush(true)): the parts closed since the last call. */
  prepareCommit(): Promise<FileSinkCommittable[]> {
    return this.serial(() => this.prepareBuckets());
  }

  private async flushBuckets(): Promise<void> {
    this.bufferedBytes = 0;
    const now = this.settings.clock();
    const checkTime = now - this.lastTimeCheck >= this.settings.bucketCheckInterval;
    if (checkTime) this.lastTimeCheck = now;
    for (const bucket of this.buckets.values()) await bucket.flush(now, checkTime);
  }

  private async prepareBuckets(): Promise<FileSinkCommittable[]> {
    const committables: FileSinkCommittable[] = [];
    // Without checkpointing nothing is ever restored, so the in-progress parts need no fsync.
    const sync = this.initContext.checkpointingEnabled && !this.endOfInput;
    for (const [id, bucket] of this.buckets) {
      for (const c of await bucket.prepareCommit(this.endOfInput, sync)) committables.push(c);
      if (!bucket.isActive) this.buckets.delete(id);
    }
    return committables;
  }

  snapshotState(_checkpointId: number): FileWriterBucketState[] {
    const states: FileWriterBucketState[] = [];
    for (const bucket of this.buckets.values()) {
      const state = bucket.snapshotState();
      if (state !== undefined) states.push(state);
    }
    return states;
  }

  /** Closes open files without committing: hidden parts stay hidden (a restore resumes or ignores them). */
  async close(): Promise<void> {
    const buckets = Array.from(this.buckets.values());
    this.buckets.clear();
    await Promise.all(buckets.map((b) => b.dispose()));
  }

  /** File work runs one step at a time (a flush started by whenAvailable may meet one started by the task). */
  private serial<R>(action: () => Promise<R>): Promise<R> {
    const result = this.io.then(action);
    this.io = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private bucket(bucketId: string, bucketPath: string | undefined): FileWriterBucket<IN> {
    let bucket = this.buckets.get(bucketId);
    if (bucket === undefined) {
      const path = bucketPath ?? bucketPathOf(this.settings.basePath, bucketId);
      bucket = new FileWriterBucket(
        bucketId,
        path,
        this.initContext.subtaskId,
        this.settings.rollingPolicy,
        this.settings.outputFileConfig,
      );
      this.buckets.set(bucketId, bucket);
    }
    return bucket;
  }
}

/** Once per new bucket: the id must stay inside the base path. */
function bucketPathOf(basePath: string, bucketId: string): string {
  if (typeof bucketId !== 'string' || bucketId.split(/[/\\]/).includes('..') || bucketId.startsWith('/')) {
    throw new Error(
      `FileSink: the bucket assigner returned ${JSON.stringify(bucketId)}; a bucket id must be a relative path ` +
        "inside the base path (no leading '/', no '..' segments)",
    );
  }
  return bucketId === '' ? basePath : join(basePath, bucketId);
}
