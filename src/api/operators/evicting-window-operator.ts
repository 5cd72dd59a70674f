import type { Collector } from '../functions/functions.js';
import type { Evictor, EvictorContext, TimestampedValue } from '../windowing/evictors.js';
import type { Window } from '../windowing/windows.js';
import { WindowOperator, type WindowOperatorOptions } from './window-operator.js';

export interface EvictingWindowOperatorOptions<IN, OUT, K, W extends Window>
  extends WindowOperatorOptions<IN, Iterable<IN>, OUT, K, W> {
  readonly evictor: Evictor<IN, W>;
}

/**
 * Windows with an evictor (Flink's EvictingWindowOperator): the window keeps every element with its timestamp
 * (ListState of TimestampedValue); on firing, the evictor removes elements before and after the window function,
 * and what remains is written back. Reduce/aggregate run over the remaining elements at firing time.
 */
export class EvictingWindowOperator<IN, OUT, K, W extends Window> extends WindowOperator<IN, Iterable<IN>, OUT, K, W> {
  private readonly evictor: Evictor<IN, W>;
  private readonly evictorContext: EvictorContext = {
    getCurrentProcessingTime: () => this.timers.currentProcessingTime(),
    getCurrentWatermark: () => this.timers.currentWatermark(),
  };

  constructor(options: EvictingWindowOperatorOptions<IN, OUT, K, W>) {
    if (options.stateDescriptor.kind !== 'list') {
      throw new Error('An evicting window keeps all elements: its state descriptor must be a ListStateDescriptor');
    }
    super(options);
    this.evictor = options.evictor;
  }

  protected override addElement(value: IN, timestamp: number): void {
    const element: TimestampedValue<IN> = { value, timestamp };
    (this.windowState as unknown as { add(v: TimestampedValue<IN>): void }).add(element);
  }

  /** The window's elements with timestamps; undefined when none (Flink: null list state). */
  protected override readContents(): Iterable<IN> | undefined {
    const stored = (this.windowState as unknown as { get(): Iterable<TimestampedValue<IN>> }).get();
    for (const _ of stored) return stored as unknown as Iterable<IN>;
    return undefined;
  }

  protected override emitWindowContents(window: W, contents: Iterable<IN>): void {
    // Copy: evictors remove in place and the state's own array must not change behind its back.
    const elements = [...(contents as unknown as Iterable<TimestampedValue<IN>>)];
    this.evictor.evictBefore(elements, elements.length, window, this.evictorContext);
    const values: IN[] = new Array(elements.length);
    for (let i = 0; i < elements.length; i++) values[i] = (elements[i] as TimestampedValue<IN>).value;
    this.collector.timestamp = window.maxTimestamp();
    this.processContext.window_ = window;
    const key = this.backend.getCurrentKey() as K;
    this.windowFunction.process(key, this.processContext, values, this.collector as Collector<OUT>);
    this.evictor.evictAfter(elements, elements.length, window, this.evictorContext);
    // Write back what the evictors kept (Flink's FLINK-4369 fix): the namespace is still this window's state window.
    const state = this.windowState as unknown as { update(v: TimestampedValue<IN>[]): void; clear(): void };
    if (elements.length === 0) state.clear();
    else state.update(elements);
  }
}
