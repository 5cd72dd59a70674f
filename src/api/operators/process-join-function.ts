import type { Collector } from '../functions/functions.js';
import type { RuntimeContext } from '../functions/runtime-context.js';
import type { OutputTag } from '../output-tag.js';

/**
 * What a ProcessJoinFunction sees of the pair being joined (Flink's ProcessJoinFunction.Context). The operator
 * reuses one context: use it only during the call.
 */
export interface ProcessJoinFunctionContext {
  /** The left element's timestamp. */
  getLeftTimestamp(): number;
  /** The right element's timestamp. */
  getRightTimestamp(): number;
  /** The result's timestamp: the larger of the two. */
  getTimestamp(): number;
  /** Emits to a side output, with the result's timestamp. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/** Flink's ProcessJoinFunction: called once per pair of elements that an interval join matched. */
export abstract class ProcessJoinFunction<IN1, IN2, OUT> {
  abstract processElement(left: IN1, right: IN2, ctx: ProcessJoinFunctionContext, out: Collector<OUT>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}

/** The shapes accepted where a ProcessJoinFunction is: a class instance, a plain object, or a function. */
export type ProcessJoinFunctionLike<IN1, IN2, OUT> =
  | ProcessJoinFunction<IN1, IN2, OUT>
  | ProcessJoinFunction<IN1, IN2, OUT>['processElement'];
