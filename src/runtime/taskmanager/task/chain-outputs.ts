import type { Output } from '../../../api/operators/output.js';
import type { OutputTag } from '../../../api/output-tag.js';
import { MIN_WATERMARK } from '../../../core/time.js';
import type { OperatorHost } from './operator-host.js';
import type { PendingEmissions } from './pending-emissions.js';

// Outputs that connect the operators of a chain: a chained output calls the next operator directly (no copy, no
// serialization); a network output hands the record to a record writer. An operator's output fans records out
// to its main outputs and routes side outputs by tag id.

/** Anything an operator's output can forward to. */
export interface EdgeOutput {
  collect(value: unknown, timestamp: number): void;
  emitWatermark(watermark: number): void;
  emitWatermarkStatus(idle: boolean): void;
}

/** Into the next operator of the chain (its first input: chained operators always have exactly one). */
export class ChainingOutput implements EdgeOutput {
  constructor(private readonly target: OperatorHost) {}
  collect(value: unknown, timestamp: number): void {
    this.target.processElement(value, timestamp);
  }
  emitWatermark(watermark: number): void {
    this.target.processWatermark(watermark, 1);
  }
  emitWatermarkStatus(idle: boolean): void {
    this.target.processWatermarkStatus(idle);
  }
}

/** In test mode: records are deep-frozen before the next operator sees them, so mutation fails loudly. */
export class FreezingChainingOutput extends ChainingOutput {
  override collect(value: unknown, timestamp: number): void {
    super.collect(deepFreeze(value), timestamp);
  }
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (ArrayBuffer.isView(value)) return value; // typed arrays cannot be frozen
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/**
 * The Output an operator is given: main outputs get collect(), side outputs are matched by tag id. Counts records
 * out (a plain field; metrics read it per interval).
 */
export class OperatorOutput implements Output<unknown> {
  recordsOut = 0;
  /** The last watermark the operator emitted (Flink's currentOutputWatermark); set per watermark, not per record. */
  currentWatermark = MIN_WATERMARK;
  private readonly single: EdgeOutput | undefined;

  constructor(
    private readonly main: readonly EdgeOutput[],
    private readonly side: ReadonlyMap<string, readonly EdgeOutput[]>,
    private readonly pending: PendingEmissions,
  ) {
    this.single = main.length === 1 ? main[0] : undefined;
  }

  collectLazily(values: Iterator<unknown>, timestamp: number): void {
    this.pending.push(values, timestamp, (value, ts) => this.collect(value, ts));
  }

  collect(value: unknown, timestamp: number): void {
    this.recordsOut++;
    if (this.single !== undefined) {
      this.single.collect(value, timestamp);
      return;
    }
    const main = this.main;
    for (let i = 0; i < main.length; i++) main[i].collect(value, timestamp);
  }

  collectSide<X>(tag: OutputTag<X>, value: X, timestamp: number): void {
    const outputs = this.side.get(tag.id);
    if (outputs === undefined) return; // nobody asked for this side output: Flink drops it too
    this.recordsOut++;
    for (let i = 0; i < outputs.length; i++) outputs[i].collect(value, timestamp);
  }

  emitWatermark(watermark: number): void {
    this.currentWatermark = watermark;
    for (const o of this.main) o.emitWatermark(watermark);
    for (const outputs of this.side.values()) for (const o of outputs) o.emitWatermark(watermark);
  }

  emitWatermarkStatus(idle: boolean): void {
    for (const o of this.main) o.emitWatermarkStatus(idle);
    for (const outputs of this.side.values()) for (const o of outputs) o.emitWatermarkStatus(idle);
  }
}
