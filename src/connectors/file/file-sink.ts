import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Committer, Sink, SinkInitContext } from '../../api/sink/sink.js';
import type { BucketAssigner } from './bucket-assigner.js';
import { DateTimeBucketAssigner } from './date-time-bucket-assigner.js';
import type { Encoder } from './encoder.js';
import { FileCommitter } from './file-committer.js';
import type { FileSinkCommittable, FileWriterBucketState } from './file-sink-state.js';
import { type FileSinkSettings, FileWriter } from './file-writer.js';
import { DEFAULT_OUTPUT_FILE_CONFIG, type OutputFileConfig, resolveOutputFileConfig } from './output-file-config.js';
import { DefaultRollingPolicy, type RollingPolicy } from './rolling-policy.js';

/** Flink's default bucket check interval: processing-time rolling is looked at once a minute. */
export const DEFAULT_BUCKET_CHECK_INTERVAL_MS = 60_000;

/**
 * Exactly-once row-format file sink (Flink's FileSink). Records go to buckets (directories under the base path);
 * each subtask writes one hidden in-progress part per bucket, rolls it by the rolling policy, and the committer
 * renames rolled parts to their visible names when the checkpoint that closed them completes (or at the end of
 * input). After a failure the in-progress part is truncated to its checkpointed length and writing resumes, so
 * output of the failed attempt never becomes visible.
 *
 *   FileSink.forRowFormat('/data/out', new SimpleStringEncoder<string>())
 *     .withRollingPolicy(DefaultRollingPolicy.builder().withMaxPartSize(1 << 20).build())
 *     .build()
 */
export class FileSink<IN> implements Sink<IN, FileSinkCommittable, FileWriterBucketState> {
  /** @internal Built by RowFormatBuilder.build(). */
  constructor(readonly settings: FileSinkSettings<IN>) {}

  static forRowFormat<IN>(basePath: string, encoder: Encoder<IN>): RowFormatBuilder<IN> {
    if (typeof basePath !== 'string' || basePath.length === 0) {
      throw new TypeError(
        `FileSink.forRowFormat: basePath must be a non-empty directory path, got ${String(basePath)}`,
      );
    }
    if (encoder === null || typeof encoder !== 'object' || typeof encoder.encode !== 'function') {
      throw new TypeError(
        'FileSink.forRowFormat: the encoder must have encode(element) returning a string or Uint8Array, ' +
          'e.g. new SimpleStringEncoder()',
      );
    }
    return new RowFormatBuilder<IN>({
      basePath: resolve(basePath),
      encoder,
      bucketAssigner: new DateTimeBucketAssigner<IN>(),
      rollingPolicy: DefaultRollingPolicy.builder().build(),
      outputFileConfig: DEFAULT_OUTPUT_FILE_CONFIG,
      bucketCheckInterval: DEFAULT_BUCKET_CHECK_INTERVAL_MS,
      clock: Date.now,
    });
  }

  createWriter(context: SinkInitContext): FileWriter<IN> {
    checkBasePath(this.settings.basePath);
    return new FileWriter(this.settings, context);
  }

  restoreWriter(context: SinkInitContext, recoveredState: FileWriterBucketState[]): FileWriter<IN> {
    checkBasePath(this.settings.basePath);
    return FileWriter.restore(this.settings, context, recoveredState);
  }

  createCommitter(_context: SinkInitContext): Committer<FileSinkCommittable> {
    return new FileCommitter();
  }
}

/** Immutable builder (Flink's RowFormatBuilder): each `with*` returns a new builder. */
export class RowFormatBuilder<IN> {
  constructor(private readonly settings: FileSinkSettings<IN>) {}

  withRollingPolicy(policy: RollingPolicy<IN>): RowFormatBuilder<IN> {
    const ok =
      policy !== null &&
      typeof policy === 'object' &&
      typeof policy.shouldRollOnEvent === 'function' &&
      typeof policy.shouldRollOnCheckpoint === 'function' &&
      typeof policy.shouldRollOnProcessingTime === 'function';
    if (!ok) {
      throw new TypeError(
        'FileSink.withRollingPolicy expects a RollingPolicy, e.g. DefaultRollingPolicy.builder().build() or ' +
          'OnCheckpointRollingPolicy.build()',
      );
    }
    return this.with({ rollingPolicy: policy });
  }

  withBucketAssigner(assigner: BucketAssigner<IN>): RowFormatBuilder<IN> {
    if (assigner === null || typeof assigner !== 'object' || typeof assigner.getBucketId !== 'function') {
      throw new TypeError(
        'FileSink.withBucketAssigner expects a BucketAssigner (getBucketId(element, context)), e.g. ' +
          'new DateTimeBucketAssigner() or new BasePathBucketAssigner()',
      );
    }
    return this.with({ bucketAssigner: assigner });
  }

  withOutputFileConfig(config: Partial<OutputFileConfig>): RowFormatBuilder<IN> {
    return this.with({ outputFileConfig: resolveOutputFileConfig(config) });
  }

  withBucketCheckInterval(ms: number): RowFormatBuilder<IN> {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
      throw new RangeError(`FileSink.withBucketCheckInterval: expected a positive number of ms, got ${String(ms)}`);
    }
    return this.with({ bucketCheckInterval: ms });
  }

  /** @internal Tests replace the wall clock that drives rolling and date-time buckets. */
  withClock(clock: () => number): RowFormatBuilder<IN> {
    return this.with({ clock });
  }

  build(): FileSink<IN> {
    return new FileSink(this.settings);
  }

  private with(change: Partial<FileSinkSettings<IN>>): RowFormatBuilder<IN> {
    return new RowFormatBuilder({ ...this.settings, ...change });
  }
}

/** Once per writer: creates the base directory and checks that it is a writable directory. */
function checkBasePath(basePath: string): void {
  try {
    const existing = statSync(basePath, { throwIfNoEntry: false });
    if (existing !== undefined && !existing.isDirectory()) throw new Error('it exists and is not a directory');
    if (existing === undefined) mkdirSync(basePath, { recursive: true });
    accessSync(basePath, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new Error(
      `FileSink cannot write to its base path '${basePath}': ${(error as Error).message}. Give forRowFormat a ` +
        'directory the task manager may create and write (it is created when missing).',
    );
  }
}
