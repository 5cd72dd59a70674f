import type { Duration } from '../../core/time.js';
import { describeValue } from '../functions/normalize.js';
import {
  AscendingTimestampsWatermarks,
  BoundedOutOfOrdernessWatermarks,
} from './bounded-out-of-orderness-watermarks.js';
import { NoWatermarksGenerator } from './no-watermarks-generator.js';
import {
  FunctionTimestampAssigner,
  RecordTimestampAssigner,
  type TimestampAssigner,
  type TimestampAssignerFunction,
} from './timestamp-assigner.js';
import type {
  WatermarkGenerator,
  WatermarkGeneratorContext,
  WatermarkGeneratorSupplier,
} from './watermark-generator.js';
import { WatermarksWithIdleness } from './watermarks-with-idleness.js';

/**
 * How a stream gets event time (Flink's WatermarkStrategy): a timestamp assigner and a watermark generator, both
 * created per subtask (per split inside sources). Immutable: every with...() returns a new strategy, so one
 * strategy can be shared by several sources. Pass it to env.fromSource(...) or stream.assignTimestampsAndWatermarks().
 */
export class WatermarkStrategy<T> {
  private constructor(
    private readonly generators: WatermarkGeneratorSupplier<T>,
    private readonly assigner: (() => TimestampAssigner<T>) | undefined,
    private readonly idleTimeout: Duration | number | undefined,
  ) {}

  /** Watermarks trail the highest timestamp seen by `maxOutOfOrderness` (watermark = max − bound − 1). */
  static forBoundedOutOfOrderness<T>(maxOutOfOrderness: Duration | number): WatermarkStrategy<T> {
    // Validate now, where the user wrote it, rather than in a worker.
    new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrderness);
    return new WatermarkStrategy<T>(
      () => new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrderness),
      undefined,
      undefined,
    );
  }

  /** Timestamps never decrease within a subtask (or split): watermark = highest timestamp − 1. */
  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(() => new AscendingTimestampsWatermarks<T>(), undefined, undefined);
  }

  /** No watermarks: for processing-time jobs (event-time timers fire only at the end of bounded input). */
  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(() => new NoWatermarksGenerator<T>(), undefined, undefined);
  }

  /** A custom generator, created by `supplier` once per subtask (or split). */
  static forGenerator<T>(supplier: WatermarkGeneratorSupplier<T>): WatermarkStrategy<T> {
    if (typeof supplier !== 'function') {
      throw new TypeError(
        `WatermarkStrategy.forGenerator expects a function (ctx) => generator, got ${describeValue(supplier)}`,
      );
    }
    return new WatermarkStrategy<T>(checkedSupplier(supplier), undefined, undefined);
  }

  /**
   * Sets how records get their timestamp: `(element, recordTimestamp) => ms`. Without it, records keep the
   * timestamp they carry (a source's, or an upstream operator's).
   */
  withTimestampAssigner<U extends T>(
    assigner: TimestampAssignerFunction<U> | TimestampAssigner<U>,
  ): WatermarkStrategy<U> {
    let create: () => TimestampAssigner<U>;
    if (typeof assigner === 'function') {
      create = () => new FunctionTimestampAssigner<U>(assigner);
    } else if (assigner !== null && typeof assigner === 'object' && typeof assigner.extractTimestamp === 'function') {
      create = () => assigner;
    } else {
      throw new TypeError(
        'withTimestampAssigner expects a function (element, recordTimestamp) => timestamp or an object with ' +
          `extractTimestamp, got ${describeValue(assigner)}`,
      );
    }
    return new WatermarkStrategy<U>(this.generators as WatermarkGeneratorSupplier<U>, create, this.idleTimeout);
  }

  /**
   * Marks a subtask (or split) idle when no event arrived for `idleTimeout` (processing time, checked at each
   * periodic emission), so it no longer holds back the watermark downstream. Must be greater than zero.
   */
  withIdleness(idleTimeout: Duration | number): WatermarkStrategy<T> {
    new WatermarksWithIdleness<T>(new NoWatermarksGenerator<T>(), idleTimeout, { relativeTimeMillis: () => 0 });
    return new WatermarkStrategy<T>(this.generators, this.assigner, idleTimeout);
  }

  /** @internal A fresh timestamp assigner (one per subtask or split). */
  createTimestampAssigner(): TimestampAssigner<T> {
    return this.assigner === undefined ? new RecordTimestampAssigner<T>() : this.assigner();
  }

  /** @internal A fresh watermark generator (one per subtask or split), wrapped for idleness when configured. */
  createWatermarkGenerator(context: WatermarkGeneratorContext): WatermarkGenerator<T> {
    const generator = this.generators(context);
    if (this.idleTimeout === undefined) return generator;
    return new WatermarksWithIdleness<T>(generator, this.idleTimeout, context.getInputActivityClock());
  }
}

/** Whether `value` is a WatermarkStrategy (structurally, so a strategy from another copy of weir works too). */
export function isWatermarkStrategy(value: unknown): value is WatermarkStrategy<unknown> {
  if (value === null || typeof value !== 'object') return false;
  const s = value as Partial<WatermarkStrategy<unknown>>;
  return typeof s.createWatermarkGenerator === 'function' && typeof s.createTimestampAssigner === 'function';
}

function checkedSupplier<T>(supplier: WatermarkGeneratorSupplier<T>): WatermarkGeneratorSupplier<T> {
  return (context) => {
    const generator = supplier(context);
    const g = generator as Partial<WatermarkGenerator<T>> | null | undefined;
    if (
      g === null ||
      typeof g !== 'object' ||
      typeof g.onEvent !== 'function' ||
      typeof g.onPeriodicEmit !== 'function'
    ) {
      throw new TypeError(
        'The supplier given to WatermarkStrategy.forGenerator must return a WatermarkGenerator ' +
          `(an object with onEvent and onPeriodicEmit), got ${describeValue(generator)}`,
      );
    }
    return generator;
  };
}
