import { type Duration, NO_TIMESTAMP } from '../../core/time.js';
import { EndOfStreamTrigger, EventTimeTrigger, NeverTrigger, ProcessingTimeTrigger, type Trigger } from './triggers.js';
import { GlobalWindow, TimeWindow, type Window } from './windows.js';

/** What an assigner may read while assigning (Flink's WindowAssignerContext). */
export interface WindowAssignerContext {
  getCurrentProcessingTime(): number;
}

/**
 * Puts each element into zero or more windows (Flink's WindowAssigner). Called per record on the task's thread;
 * the returned array is read, never kept or changed, by the operator (assigners may reuse it).
 */
export interface WindowAssigner<T, W extends Window> {
  assignWindows(element: T, timestamp: number, context: WindowAssignerContext): readonly W[];
  getDefaultTrigger(): Trigger<T, W>;
  isEventTime(): boolean;
  toString(): string;
}

/** An assigner whose windows can merge (sessions): the operator keeps the in-flight windows per key. */
export interface MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {
  mergeWindows(windows: readonly W[], callback: (toBeMerged: W[], mergeResult: W) => void): void;
}

export function isMergingWindowAssigner<T, W extends Window>(
  assigner: WindowAssigner<T, W>,
): assigner is MergingWindowAssigner<T, W> {
  return typeof (assigner as Partial<MergingWindowAssigner<T, W>>).mergeWindows === 'function';
}

type Millis = Duration | number;

function size(value: Millis, what: string): number {
  const ms = typeof value === 'number' ? value : value.toMillis();
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`${what} must be a positive duration, got ${ms} ms`);
  return ms;
}

function offsetOf(value: Millis | undefined): number {
  if (value === undefined) return 0;
  const ms = typeof value === 'number' ? value : value.toMillis();
  if (!Number.isFinite(ms)) throw new RangeError(`A window offset must be a finite number of ms, got ${ms}`);
  return ms;
}

function eventTimestamp(timestamp: number, assigner: string): number {
  if (timestamp === NO_TIMESTAMP || Number.isNaN(timestamp)) {
    throw new Error(
      `${assigner}: a record has no timestamp. Event-time windows need timestamps: call ` +
        'assignTimestampsAndWatermarks(...) before the window, or use a processing-time assigner.',
    );
  }
  return timestamp;
}

/** Assigns [start, start + size) with start aligned to offset; caches the last window to avoid churn. */
class TumblingAssignment {
  private last: readonly TimeWindow[] = [new TimeWindow(Number.NaN, Number.NaN)];
  constructor(
    readonly size: number,
    readonly offset: number,
    name: string,
  ) {
    if (Math.abs(offset) >= size) throw new RangeError(`${name} parameters must satisfy abs(offset) < size`);
  }
  assign(timestamp: number): readonly TimeWindow[] {
    const start = TimeWindow.getWindowStartWithOffset(timestamp, this.offset, this.size);
    if (this.last[0]?.start !== start) this.last = [new TimeWindow(start, start + this.size)];
    return this.last;
  }
}

/** Fixed, non-overlapping event-time windows (Flink's TumblingEventTimeWindows). */
export class TumblingEventTimeWindows implements WindowAssigner<unknown, TimeWindow> {
  private readonly assignment: TumblingAssignment;
  private constructor(windowSize: number, offset: number) {
    this.assignment = new TumblingAssignment(windowSize, offset, 'TumblingEventTimeWindows');
  }
  /** Windows of `windowSize`, shifted by `offset` (which may be negative, |offset| < size; e.g. time zones). */
  static of(windowSize: Millis, offset?: Millis): TumblingEventTimeWindows {
    return new TumblingEventTimeWindows(size(windowSize, 'TumblingEventTimeWindows size'), offsetOf(offset));
  }
  assignWindows(_e: unknown, timestamp: number): readonly TimeWindow[] {
    return this.assignment.assign(eventTimestamp(timestamp, 'TumblingEventTimeWindows'));
  }
  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return new EventTimeTrigger();
  }
  isEventTime(): boolean {
    return true;
  }
  getSize(): number {
    return this.assignment.size;
  }
  toString(): string {
    return `TumblingEventTimeWindows(${this.assignment.size})`;
  }
}

/** Fixed windows over the wall clock of the task (Flink's TumblingProcessingTimeWindows). */
export class TumblingProcessingTimeWindows implements WindowAssigner<unknown, TimeWindow> {
  private readonly assignment: TumblingAssignment;
  private constructor(windowSize: number, offset: number) {
    this.assignment = new TumblingAssignment(windowSize, offset, 'TumblingProcessingTimeWindows');
  }
  static of(windowSize: Millis, offset?: Millis): TumblingProcessingTimeWindows {
    return new TumblingProcessingTimeWindows(size(windowSize, 'TumblingProcessingTimeWindows size'), offsetOf(offset));
  }
  assignWindows(_e: unknown, _ts: number, context: WindowAssignerContext): readonly TimeWindow[] {
    return this.assignment.assign(context.getCurrentProcessingTime());
  }
  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return new ProcessingTimeTrigger();
  }
  isEventTime(): boolean {
    return false;
  }
  toString(): string {
    return `TumblingProcessingTimeWindows(${this.assignment.size})`;
  }
}

/**
 * Every window of `size` starting at a multiple of `slide` (plus offset) that contains the timestamp, newest first.
 * When size is a multiple of slide the windows depend only on the last start, so the last result is reused while
 * it stays the same; otherwise (size 10, slide 3) the timestamp decides whether the oldest window still holds it.
 */
class SlidingAssignment {
  private lastStart = Number.NaN;
  private last: readonly TimeWindow[] = [];
  private readonly reusable: boolean;
  constructor(
    readonly size: number,
    readonly slide: number,
    readonly offset: number,
    name: string,
  ) {
    checkSliding(size, slide, offset, name);
    this.reusable = size % slide === 0;
  }
  assign(timestamp: number): readonly TimeWindow[] {
    const lastStart = TimeWindow.getWindowStartWithOffset(timestamp, this.offset, this.slide);
    if (lastStart === this.lastStart && this.reusable) return this.last;
    const windows: TimeWindow[] = [];
    for (let start = lastStart; start > timestamp - this.size; start -= this.slide) {
      windows.push(new TimeWindow(start, start + this.size));
    }
    this.lastStart = lastStart;
    this.last = windows;
    return windows;
  }
}

function checkSliding(windowSize: number, slide: number, offset: number, name: string): void {
  if (Math.abs(offset) >= slide || windowSize <= 0) {
    throw new RangeError(`${name} parameters must satisfy abs(offset) < slide and size > 0`);
  }
}

/** Overlapping event-time windows of `size` every `slide` (Flink's SlidingEventTimeWindows). */
export class SlidingEventTimeWindows implements WindowAssigner<unknown, TimeWindow> {
  private readonly assignment: SlidingAssignment;
  private constructor(windowSize: number, slide: number, offset: number) {
    this.assignment = new SlidingAssignment(windowSize, slide, offset, 'SlidingEventTimeWindows');
  }
  static of(windowSize: Millis, slide: Millis, offset?: Millis): SlidingEventTimeWindows {
    return new SlidingEventTimeWindows(
      size(windowSize, 'SlidingEventTimeWindows size'),
      size(slide, 'SlidingEventTimeWindows slide'),
      offsetOf(offset),
    );
  }
  assignWindows(_e: unknown, timestamp: number): readonly TimeWindow[] {
    return this.assignment.assign(eventTimestamp(timestamp, 'SlidingEventTimeWindows'));
  }
  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return new EventTimeTrigger();
  }
  isEventTime(): boolean {
    return true;
  }
  toString(): string {
    return `SlidingEventTimeWindows(${this.assignment.size}, ${this.assignment.slide})`;
  }
}

export class SlidingProcessingTimeWindows implements WindowAssigner<unknown, TimeWindow> {
  private readonly assignment: SlidingAssignment;
  private constructor(windowSize: number, slide: number, offset: number) {
    this.assignment = new SlidingAssignment(windowSize, slide, offset, 'SlidingProcessingTimeWindows');
  }
  static of(windowSize: Millis, slide: Millis, offset?: Millis): SlidingProcessingTimeWindows {
    return new SlidingProcessingTimeWindows(
      size(windowSize, 'SlidingProcessingTimeWindows size'),
      size(slide, 'SlidingProcessingTimeWindows slide'),
      offsetOf(offset),
    );
  }
  assignWindows(_e: unknown, _ts: number, context: WindowAssignerContext): readonly TimeWindow[] {
    return this.assignment.assign(context.getCurrentProcessingTime());
  }
  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return new ProcessingTimeTrigger();
  }
  isEventTime(): boolean {
    return false;
  }
  toString(): string {
    return `SlidingProcessingTimeWindows(${this.assignment.size}, ${this.assignment.slide})`;
  }
}

/** Extracts the session gap from an element (Flink's SessionWindowTimeGapExtractor). */
export type SessionWindowTimeGapExtractor<T> = (element: T) => number;

function dynamicGap<T>(extract: SessionWindowTimeGapExtractor<T>, element: T): number {
  const gap = extract(element);
  if (!(gap > 0) || !Number.isFinite(gap)) {
    throw new RangeError(`Dynamic session time gap must satisfy 0 < gap, got ${gap} for an element`);
  }
  return gap;
}

/** Session windows: an element opens [t, t + gap); overlapping sessions of a key merge. */
class SessionWindows<T> implements MergingWindowAssigner<T, TimeWindow> {
  constructor(
    private readonly eventTime: boolean,
    private readonly gap: number | SessionWindowTimeGapExtractor<T>,
  ) {}
  assignWindows(element: T, timestamp: number, context: WindowAssignerContext): readonly TimeWindow[] {
    const t = this.eventTime ? eventTimestamp(timestamp, String(this)) : context.getCurrentProcessingTime();
    const gap = typeof this.gap === 'number' ? this.gap : dynamicGap(this.gap, element);
    return [new TimeWindow(t, t + gap)];
  }
  mergeWindows(windows: readonly TimeWindow[], callback: (toBeMerged: TimeWindow[], result: TimeWindow) => void): void {
    TimeWindow.mergeWindows(windows, callback);
  }
  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return this.eventTime ? new EventTimeTrigger() : new ProcessingTimeTrigger();
  }
  isEventTime(): boolean {
    return this.eventTime;
  }
  toString(): string {
    const kind = this.eventTime ? 'EventTimeSessionWindows' : 'ProcessingTimeSessionWindows';
    return typeof this.gap === 'number' ? `${kind}(${this.gap})` : `Dynamic${kind}()`;
  }
}

function sessionGap(gap: Millis, name: string): number {
  const ms = typeof gap === 'number' ? gap : gap.toMillis();
  if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError(`${name} parameters must satisfy 0 < size, got ${ms}`);
  return ms;
}

/** Event-time sessions (Flink's EventTimeSessionWindows.withGap / withDynamicGap). */
export const EventTimeSessionWindows = {
  withGap(gap: Millis): MergingWindowAssigner<unknown, TimeWindow> {
    return new SessionWindows<unknown>(true, sessionGap(gap, 'EventTimeSessionWindows'));
  },
  withDynamicGap<T>(extractor: SessionWindowTimeGapExtractor<T>): MergingWindowAssigner<T, TimeWindow> {
    return new SessionWindows<T>(true, extractor);
  },
};

/** Processing-time sessions (Flink's ProcessingTimeSessionWindows.withGap / withDynamicGap). */
export const ProcessingTimeSessionWindows = {
  withGap(gap: Millis): MergingWindowAssigner<unknown, TimeWindow> {
    return new SessionWindows<unknown>(false, sessionGap(gap, 'ProcessingTimeSessionWindows'));
  },
  withDynamicGap<T>(extractor: SessionWindowTimeGapExtractor<T>): MergingWindowAssigner<T, TimeWindow> {
    return new SessionWindows<T>(false, extractor);
  },
};

const GLOBAL: readonly GlobalWindow[] = [GlobalWindow.get()];

/** One window per key holding everything (Flink's GlobalWindows); fires only with a custom trigger. */
export class GlobalWindows implements WindowAssigner<unknown, GlobalWindow> {
  private constructor(private readonly endOfStream: boolean) {}
  static create(): GlobalWindows {
    return new GlobalWindows(false);
  }
  /** As Flink 2.x's createWithEndOfStreamTrigger(): the default trigger fires once when bounded input ends. */
  static createWithEndOfStreamTrigger(): GlobalWindows {
    return new GlobalWindows(true);
  }
  assignWindows(): readonly GlobalWindow[] {
    return GLOBAL;
  }
  getDefaultTrigger(): Trigger<unknown, GlobalWindow> {
    return this.endOfStream ? new EndOfStreamTrigger() : new NeverTrigger();
  }
  isEventTime(): boolean {
    return false;
  }
  toString(): string {
    return 'GlobalWindows()';
  }
}
