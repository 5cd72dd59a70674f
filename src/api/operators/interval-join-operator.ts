import { NO_TIMESTAMP } from '../../core/time.js';
import type { RichFunction } from '../functions/functions.js';
import {
  closeFunction,
  isThenable,
  normalizeProcessFunction,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { OutputTag } from '../output-tag.js';
import { MapStateDescriptor } from '../state/descriptors.js';
import type { MapState } from '../state/state.js';
import type { Output } from './output.js';
import type {
  ProcessJoinFunction,
  ProcessJoinFunctionContext,
  ProcessJoinFunctionLike,
} from './process-join-function.js';
import type { StreamOperatorParameters, TwoInputStreamOperator } from './stream-operator.js';
import type { InternalTimer, InternalTimerService, Triggerable } from './timers.js';
import { TimestampedCollector } from './timestamped-collector.js';

/** Timer namespaces of the cleanup timers (Flink's CLEANUP_NAMESPACE_LEFT/RIGHT). */
export type CleanupNamespace = 'CLEANUP_LEFT' | 'CLEANUP_RIGHT';

export const LEFT_BUFFER = 'LEFT_BUFFER';
export const RIGHT_BUFFER = 'RIGHT_BUFFER';
export const INTERVAL_JOIN_TIMERS = 'CLEANUP_TIMER';

export interface IntervalJoinSettings<IN1, IN2> {
  /** Relative bounds in ms, as given to between(lower, upper). */
  readonly lowerBound: number;
  readonly upperBound: number;
  readonly lowerBoundInclusive: boolean;
  readonly upperBoundInclusive: boolean;
  readonly leftLateDataOutputTag?: OutputTag<IN1> | undefined;
  readonly rightLateDataOutputTag?: OutputTag<IN2> | undefined;
}

/**
 * Flink's IntervalJoinOperator: joins a left element at time l with every right element of the same key at time
 * r where l + lowerBound <= r <= l + upperBound (bounds made inclusive at construction). Each side is buffered in
 * MapState keyed by timestamp; an event-time timer per (side, timestamp) removes a bucket once no element of the
 * other side can match it any more. Elements below the current watermark are late: dropped, or sent to the side's
 * late output tag. Results carry max(left, right) as timestamp. Called on the task thread only.
 */
export class IntervalJoinOperator<K, IN1, IN2, OUT>
  implements TwoInputStreamOperator<IN1, IN2, OUT>, Triggerable<K, CleanupNamespace>
{
  /** Inclusive bounds. */
  readonly lowerBound: number;
  readonly upperBound: number;
  private readonly fn: ProcessJoinFunction<IN1, IN2, OUT>;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private collector!: TimestampedCollector<OUT>;
  private context!: JoinContext;
  private timers!: InternalTimerService<CleanupNamespace>;
  private leftBuffer!: MapState<number, IN1[]>;
  private rightBuffer!: MapState<number, IN2[]>;

  constructor(
    fn: ProcessJoinFunctionLike<IN1, IN2, OUT>,
    private readonly settings: IntervalJoinSettings<IN1, IN2>,
  ) {
    this.fn = normalizeProcessFunction<ProcessJoinFunction<IN1, IN2, OUT>>(fn, 'intervalJoin(...).process');
    this.userFunction = typeof fn === 'function' ? undefined : fn;
    // As in Flink, the bounds as given must be ordered; exclusive bounds then move by 1 ms so the checks below can
    // be inclusive (an exclusive between(0, 0) is allowed and matches nothing).
    if (!(settings.lowerBound <= settings.upperBound)) {
      throw new RangeError(
        `lowerBound <= upperBound must be fulfilled: got between(${settings.lowerBound}, ${settings.upperBound})`,
      );
    }
    this.lowerBound = settings.lowerBoundInclusive ? settings.lowerBound : settings.lowerBound + 1;
    this.upperBound = settings.upperBoundInclusive ? settings.upperBound : settings.upperBound - 1;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
    this.collector = new TimestampedCollector(parameters.output);
    this.context = new JoinContext(parameters.output as Output<unknown>);
  }

  open(): void {
    const backend = this.params.keyedStateBackend;
    if (backend === undefined) {
      throw new Error('An interval join needs keyed inputs: use left.keyBy(...).intervalJoin(right.keyBy(...))');
    }
    this.leftBuffer = backend.getMapState(new MapStateDescriptor<number, IN1[]>(LEFT_BUFFER));
    this.rightBuffer = backend.getMapState(new MapStateDescriptor<number, IN2[]>(RIGHT_BUFFER));
    this.timers = this.params.getInternalTimerService<CleanupNamespace>(
      INTERVAL_JOIN_TIMERS,
      this as Triggerable<unknown, CleanupNamespace>,
    );
    openFunction(this.fn as RichFunction, this.params.runtimeContext, 'process join function');
  }

  processElement1(value: IN1, timestamp: number): void {
    checkTimestamp(timestamp);
    if (timestamp < this.timers.currentWatermark()) {
      const tag = this.settings.leftLateDataOutputTag;
      if (tag !== undefined) this.output.collectSide(tag, value, timestamp);
      return;
    }
    addToBuffer(this.leftBuffer, value, timestamp);
    const low = timestamp + this.lowerBound;
    const high = timestamp + this.upperBound;
    // isEmpty is one lookup; entries() allocates an iterator and a pair per bucket, often for nothing (q7's window
    // maxes meet no buffered bid on most prices).
    if (!this.rightBuffer.isEmpty()) this.joinLeft(value, timestamp, low, high);
    const cleanup = this.upperBound > 0 ? timestamp + this.upperBound : timestamp;
    this.timers.registerEventTimeTimer('CLEANUP_LEFT', cleanup);
  }

  private joinLeft(value: IN1, timestamp: number, low: number, high: number): void {
    for (const [ts, bucket] of this.rightBuffer.entries()) {
      if (ts < low || ts > high) continue;
      for (let i = 0; i < bucket.length; i++) this.collect(value, bucket[i] as IN2, timestamp, ts);
    }
  }

  processElement2(value: IN2, timestamp: number): void {
    checkTimestamp(timestamp);
    if (timestamp < this.timers.currentWatermark()) {
      const tag = this.settings.rightLateDataOutputTag;
      if (tag !== undefined) this.output.collectSide(tag, value, timestamp);
      return;
    }
    addToBuffer(this.rightBuffer, value, timestamp);
    // Seen from the right element: left timestamps in [r - upperBound, r - lowerBound].
    const low = timestamp - this.upperBound;
    const high = timestamp - this.lowerBound;
    if (!this.leftBuffer.isEmpty()) this.joinRight(value, timestamp, low, high);
    const cleanup = -this.lowerBound > 0 ? timestamp - this.lowerBound : timestamp;
    this.timers.registerEventTimeTimer('CLEANUP_RIGHT', cleanup);
  }

  private joinRight(value: IN2, timestamp: number, low: number, high: number): void {
    for (const [ts, bucket] of this.leftBuffer.entries()) {
      if (ts < low || ts > high) continue;
      for (let i = 0; i < bucket.length; i++) this.collect(bucket[i] as IN1, value, ts, timestamp);
    }
  }

  private collect(left: IN1, right: IN2, leftTs: number, rightTs: number): void {
    const ts = Math.max(leftTs, rightTs);
    this.collector.timestamp = ts;
    const ctx = this.context;
    ctx.left = leftTs;
    ctx.right = rightTs;
    ctx.result = ts;
    const r: unknown = this.fn.processElement(left, right, ctx, this.collector);
    if (r !== undefined && isThenable(r)) throw promiseReturnedError('processElement of the process join function');
  }

  /** A cleanup timer: the bucket it was set for can no longer match anything on the other side. */
  onEventTime(timer: InternalTimer<K, CleanupNamespace>): void {
    const t = timer.timestamp;
    switch (timer.namespace) {
      case 'CLEANUP_LEFT':
        this.leftBuffer.remove(this.upperBound <= 0 ? t : t - this.upperBound);
        return;
      case 'CLEANUP_RIGHT':
        this.rightBuffer.remove(this.lowerBound <= 0 ? t + this.lowerBound : t);
        return;
      default: {
        const unknown: never = timer.namespace;
        throw new Error(`IntervalJoinOperator: unknown timer namespace ${String(unknown)}`);
      }
    }
  }

  /** Never registered: interval joins run in event time. */
  onProcessingTime(): void {}

  processWatermark(watermark: number): void {
    this.output.emitWatermark(watermark);
  }
  processWatermarkStatus(idle: boolean): void {
    this.output.emitWatermarkStatus(idle);
  }
  endInput(): void {}
  finish(): void {}
  close(): void {
    closeFunction(this.fn as RichFunction);
  }
}

function checkTimestamp(timestamp: number): void {
  if (timestamp === NO_TIMESTAMP) {
    throw new Error(
      'Long.MIN_VALUE timestamp: Elements used in interval stream joins need to have timestamps meaningful ' +
        'timestamps. Assign event-time timestamps to both inputs (fromSource with a WatermarkStrategy, or ' +
        'assignTimestampsAndWatermarks) before intervalJoin.',
    );
  }
}

/** Appends to the bucket of `timestamp`; the list is written back so any state backend sees the change. */
function addToBuffer<T>(buffer: MapState<number, T[]>, value: T, timestamp: number): void {
  const bucket = buffer.get(timestamp);
  if (bucket === undefined) {
    buffer.put(timestamp, [value]);
    return;
  }
  bucket.push(value);
  buffer.put(timestamp, bucket);
}

/** The reused context: the operator sets the three timestamps before each call. */
class JoinContext implements ProcessJoinFunctionContext {
  left = NO_TIMESTAMP;
  right = NO_TIMESTAMP;
  result = NO_TIMESTAMP;
  constructor(private readonly out: Output<unknown>) {}
  getLeftTimestamp(): number {
    return this.left;
  }
  getRightTimestamp(): number {
    return this.right;
  }
  getTimestamp(): number {
    return this.result;
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    if (tag === null || tag === undefined) {
      throw new TypeError('ctx.output(tag, value) in the process join function: OutputTag must not be null.');
    }
    this.out.collectSide(tag, value, this.result);
  }
}
