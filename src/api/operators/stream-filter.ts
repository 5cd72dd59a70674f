import type { FilterFunction, RichFunction } from '../functions/functions.js';
import {
  closeFunction,
  isThenable,
  normalizeFilterFunction,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { Output } from './output.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from './stream-operator.js';

/**
 * Forwards the records for which the FilterFunction returns true, unchanged and with their timestamps
 * (Flink's StreamFilter). A non-boolean result counts by truthiness, except a Promise, which is an error.
 */
export class StreamFilter<T> implements OneInputStreamOperator<T, T> {
  private readonly filter: (value: T) => boolean;
  private readonly rich: RichFunction | undefined;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<T>;
  private output!: Output<T>;

  constructor(fn: FilterFunction<T>) {
    const normalized = normalizeFilterFunction(fn);
    this.filter = normalized.call;
    this.rich = normalized.rich;
    this.userFunction = normalized.rich;
  }

  setup(parameters: StreamOperatorParameters<T>): void {
    this.params = parameters;
    this.output = parameters.output;
  }
  open(): void {
    openFunction(this.rich, this.params.runtimeContext, 'filter function');
  }
  processElement(value: T, timestamp: number): void {
    const keep: unknown = this.filter(value);
    if (keep === true) {
      this.output.collect(value, timestamp);
    } else if (keep !== false) {
      if (isThenable(keep)) throw promiseReturnedError('filter function');
      if (keep) this.output.collect(value, timestamp);
    }
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
