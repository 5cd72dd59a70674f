// When the FileSink closes an in-progress part file and starts a new one (Flink's RollingPolicy). Decisions are pure
// functions of the part's size and times, asked on the task's thread: per record (shouldRollOnEvent), at each flush
// (shouldRollOnProcessingTime) and at each checkpoint (shouldRollOnCheckpoint).

/** What a rolling policy sees of the in-progress part file of one bucket (Flink's PartFileInfo). */
export interface PartFileInfo {
  readonly bucketId: string;
  /** Epoch ms when the part was opened. */
  readonly creationTime: number;
  /** Epoch ms of the last record written to it. */
  readonly lastUpdateTime: number;
  /** Bytes in the part, written and buffered. */
  readonly size: number;
}

export interface RollingPolicy<IN = unknown> {
  shouldRollOnCheckpoint(part: PartFileInfo): boolean;
  /** Asked before `element` is written; true closes the part, and the element goes to a new one. */
  shouldRollOnEvent(part: PartFileInfo, element: IN): boolean;
  shouldRollOnProcessingTime(part: PartFileInfo, currentTime: number): boolean;
}

/** Flink's defaults: 128 MiB, 60 s since opening, 60 s without writes. */
export const DEFAULT_MAX_PART_SIZE = 128 * 1024 * 1024;
export const DEFAULT_ROLLOVER_INTERVAL_MS = 60_000;
export const DEFAULT_INACTIVITY_INTERVAL_MS = 60_000;

/**
 * Rolls a part when it grew past the maximum size (checked per record and at checkpoints), when it has been open for
 * the rollover interval, or when nothing was written to it for the inactivity interval (checked at flushes).
 */
export class DefaultRollingPolicy implements RollingPolicy {
  private constructor(
    readonly maxPartSize: number,
    readonly rolloverInterval: number,
    readonly inactivityInterval: number,
  ) {}

  static builder(): DefaultRollingPolicyBuilder {
    return new DefaultRollingPolicyBuilder(
      DEFAULT_MAX_PART_SIZE,
      DEFAULT_ROLLOVER_INTERVAL_MS,
      DEFAULT_INACTIVITY_INTERVAL_MS,
    );
  }

  /** @internal Used by the builder, which has validated the values. */
  static create(maxPartSize: number, rolloverInterval: number, inactivityInterval: number): DefaultRollingPolicy {
    return new DefaultRollingPolicy(maxPartSize, rolloverInterval, inactivityInterval);
  }

  shouldRollOnCheckpoint(part: PartFileInfo): boolean {
    return part.size > this.maxPartSize;
  }

  shouldRollOnEvent(part: PartFileInfo, _element: unknown): boolean {
    return part.size > this.maxPartSize;
  }

  shouldRollOnProcessingTime(part: PartFileInfo, currentTime: number): boolean {
    return (
      currentTime - part.creationTime >= this.rolloverInterval ||
      currentTime - part.lastUpdateTime >= this.inactivityInterval
    );
  }
}

/** Immutable: each `with*` returns a new builder. Values are checked when given, so the error points at the call. */
export class DefaultRollingPolicyBuilder {
  constructor(
    private readonly maxPartSize: number,
    private readonly rolloverInterval: number,
    private readonly inactivityInterval: number,
  ) {}

  /** Roll once a part holds more than this many bytes. */
  withMaxPartSize(bytes: number): DefaultRollingPolicyBuilder {
    const size = positive(bytes, 'withMaxPartSize', 'bytes', 'e.g. withMaxPartSize(128 * 1024 * 1024)');
    return new DefaultRollingPolicyBuilder(size, this.rolloverInterval, this.inactivityInterval);
  }

  /** Roll a part this many ms after it was opened. */
  withRolloverInterval(ms: number): DefaultRollingPolicyBuilder {
    const interval = positive(ms, 'withRolloverInterval', 'milliseconds', 'e.g. withRolloverInterval(60_000)');
    return new DefaultRollingPolicyBuilder(this.maxPartSize, interval, this.inactivityInterval);
  }

  /** Roll a part when nothing was written to it for this many ms. */
  withInactivityInterval(ms: number): DefaultRollingPolicyBuilder {
    const interval = positive(ms, 'withInactivityInterval', 'milliseconds', 'e.g. withInactivityInterval(60_000)');
    return new DefaultRollingPolicyBuilder(this.maxPartSize, this.rolloverInterval, interval);
  }

  build(): DefaultRollingPolicy {
    return DefaultRollingPolicy.create(this.maxPartSize, this.rolloverInterval, this.inactivityInterval);
  }
}

/** Rolls at every checkpoint and only then (Flink's OnCheckpointRollingPolicy): one part per bucket per checkpoint. */
export class OnCheckpointRollingPolicy implements RollingPolicy {
  private constructor() {}

  static build(): OnCheckpointRollingPolicy {
    return new OnCheckpointRollingPolicy();
  }

  shouldRollOnCheckpoint(_part: PartFileInfo): boolean {
    return true;
  }

  shouldRollOnEvent(_part: PartFileInfo, _element: unknown): boolean {
    return false;
  }

  shouldRollOnProcessingTime(_part: PartFileInfo, _currentTime: number): boolean {
    return false;
  }
}

function positive(value: number, method: string, unit: string, example: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `DefaultRollingPolicy.builder().${method}: expected a positive number of ${unit}, got ${String(value)} (${example})`,
    );
  }
  return value;
}
