import type { Duration } from '../../core/time.js';
import type { TypeInformation } from '../../core/types/type-information.js';
import { describeValue } from '../functions/normalize.js';
import { IntervalJoinOperator, type IntervalJoinSettings } from '../operators/interval-join-operator.js';
import type { ProcessJoinFunctionLike } from '../operators/process-join-function.js';
import type { OutputTag } from '../output-tag.js';
import { checked, type KeyedStream, type SingleOutputStreamOperator } from './index.js';

// Flink's KeyedStream.IntervalJoin / IntervalJoined: left.keyBy(k).intervalJoin(right.keyBy(k)).between(lo, hi)
// [.lowerBoundExclusive().upperBoundExclusive()].process(fn). Event time only.

/** A bound of between(): a Duration, or milliseconds as a number (negative numbers reach into the past). */
export type IntervalBound = Duration | number;

/** left.intervalJoin(right): give the interval with between(lower, upper). */
export class IntervalJoin<T1, T2, K> {
  private eventTime = true;

  /** @internal Use keyedStream.intervalJoin(otherKeyedStream). */
  constructor(
    private readonly left: KeyedStream<T1, K>,
    private readonly right: KeyedStream<T2, K>,
  ) {}

  /** Interval joins run in event time (the default); kept for Flink API parity. */
  inEventTime(): this {
    this.eventTime = true;
    return this;
  }

  /** Accepted for parity, but between() then fails: Flink supports interval joins in event time only. */
  inProcessingTime(): this {
    this.eventTime = false;
    return this;
  }

  /**
   * Joins a left element at time l with right elements at times in [l + lower, l + upper] (both inclusive unless
   * made exclusive). Negative bounds reach before l. Needs lower <= upper.
   */
  between(lower: IntervalBound, upper: IntervalBound): IntervalJoined<T1, T2, K> {
    if (!this.eventTime) {
      throw new Error(
        'Time-bounded stream joins are only supported in event time. Remove inProcessingTime() and give both ' +
          'inputs timestamps and watermarks.',
      );
    }
    const lo = boundMillis(lower, 'lower');
    const hi = boundMillis(upper, 'upper');
    if (lo > hi) {
      throw new RangeError(`intervalJoin(...).between(${lo}, ${hi}): lowerBound <= upperBound must be fulfilled`);
    }
    return new IntervalJoined<T1, T2, K>(this.left, this.right, {
      lowerBound: lo,
      upperBound: hi,
      lowerBoundInclusive: true,
      upperBoundInclusive: true,
    });
  }
}

/** An interval join with its bounds: optionally make them exclusive or side-output late data, then process. */
export class IntervalJoined<T1, T2, K> {
  /** @internal */
  constructor(
    private readonly left: KeyedStream<T1, K>,
    private readonly right: KeyedStream<T2, K>,
    private settings: IntervalJoinSettings<T1, T2>,
  ) {}

  /** Excludes the lower bound: right elements exactly at l + lower no longer match. */
  lowerBoundExclusive(): this {
    this.settings = { ...this.settings, lowerBoundInclusive: false };
    return this;
  }

  /** Excludes the upper bound: right elements exactly at l + upper no longer match. */
  upperBoundExclusive(): this {
    this.settings = { ...this.settings, upperBoundInclusive: false };
    return this;
  }

  /** Left elements below the watermark go to this side output instead of being dropped. */
  sideOutputLeftLateData(tag: OutputTag<T1>): this {
    this.settings = { ...this.settings, leftLateDataOutputTag: checkTag(tag, 'sideOutputLeftLateData') };
    return this;
  }

  /** Right elements below the watermark go to this side output instead of being dropped. */
  sideOutputRightLateData(tag: OutputTag<T2>): this {
    this.settings = { ...this.settings, rightLateDataOutputTag: checkTag(tag, 'sideOutputRightLateData') };
    return this;
  }

  /** Calls the function for every matching pair; results carry max(left, right) as timestamp. */
  process<OUT>(
    fn: ProcessJoinFunctionLike<T1, T2, OUT>,
    outputType?: TypeInformation<OUT>,
  ): SingleOutputStreamOperator<OUT> {
    const settings = this.settings;
    return this.left.connect(this.right).transform(
      'Interval Join',
      checked(() => new IntervalJoinOperator<K, T1, T2, OUT>(fn, settings)),
      outputType,
    );
  }
}

function boundMillis(bound: IntervalBound, which: string): number {
  const ms = typeof bound === 'number' ? bound : (bound as Duration | null)?.toMillis?.();
  if (typeof ms !== 'number' || !Number.isFinite(ms) || !Number.isInteger(ms)) {
    throw new TypeError(
      `intervalJoin(...).between: the ${which} bound must be a Duration or a whole number of milliseconds ` +
        `(negative to reach into the past), got ${describeValue(bound)}`,
    );
  }
  return ms;
}

function checkTag<X>(tag: OutputTag<X>, api: string): OutputTag<X> {
  if (tag === null || typeof tag !== 'object' || typeof tag.id !== 'string') {
    throw new TypeError(`${api}(tag) expects an OutputTag, e.g. new OutputTag<Event>("late")`);
  }
  return tag;
}
