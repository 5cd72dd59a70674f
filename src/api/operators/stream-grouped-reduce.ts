import type { ReduceFunction, RichFunction } from '../functions/functions.js';
import {
  closeFunction,
  isThenable,
  normalizeReduceFunction,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import { ValueStateDescriptor } from '../state/descriptors.js';
import type { ValueState } from '../state/state.js';
import type { Output } from './output.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from './stream-operator.js';

/** Name of the per-key running value, as in Flink (so savepoints line up by name). */
export const GROUPED_REDUCE_STATE_NAME = '_op_state';

/**
 * keyBy(...).reduce(...) (Flink's StreamGroupedReduce): keeps the running reduce per key in ValueState and emits
 * it after every record, with that record's timestamp. The first record of a key is emitted as is. The runtime
 * sets the current key before processElement.
 */
export class StreamGroupedReduce<T> implements OneInputStreamOperator<T, T> {
  private readonly reduce: (a: T, b: T) => T;
  private readonly rich: RichFunction | undefined;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<T>;
  private output!: Output<T>;
  private values!: ValueState<T>;

  constructor(
    fn: ReduceFunction<T>,
    private readonly what = 'reduce function',
  ) {
    const normalized = normalizeReduceFunction(fn);
    this.reduce = normalized.call;
    this.rich = normalized.rich;
    this.userFunction = normalized.rich;
  }

  setup(parameters: StreamOperatorParameters<T>): void {
    this.params = parameters;
    this.output = parameters.output;
  }
  open(): void {
    const backend = this.params.keyedStateBackend;
    if (backend === undefined) {
      throw new Error(`${this.what} needs a keyed stream: call keyBy(...) before reduce/sum/min/max(...)`);
    }
    this.values = backend.getState(new ValueStateDescriptor<T>(GROUPED_REDUCE_STATE_NAME));
    openFunction(this.rich, this.params.runtimeContext, this.what);
  }
  processElement(value: T, timestamp: number): void {
    const current = this.values.value();
    if (current === undefined) {
      this.values.update(value);
      this.output.collect(value, timestamp);
      return;
    }
    const reduced = this.reduce(current, value);
    if (typeof reduced === 'object' && isThenable(reduced)) throw promiseReturnedError(this.what);
    if (reduced === undefined) {
      throw new TypeError(`${this.what} returned undefined: it must return the combined value of its two arguments`);
    }
    this.values.update(reduced);
    this.output.collect(reduced, timestamp);
  }
  processWatermark(watermark: number): void {
    this.output.emitWatermark(watermark);
  }
  processWatermarkStatus(idle: boolean): void {
    this.output.emitWatermarkStatus(idle);
  }
  endInput(): void {}
  finish(): void {}
  close(): void {
    closeFunction(this.rich);
  }
}
