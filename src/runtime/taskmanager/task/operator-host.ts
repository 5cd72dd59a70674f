import type {
  OneInputStreamOperator,
  StreamOperator,
  TwoInputStreamOperator,
} from '../../../api/operators/stream-operator.js';
import type { KeyedStateBackend } from '../../../api/state/keyed-state-backend.js';
import type { KeyFn } from '../../../api/transformations.js';
import { MIN_WATERMARK } from '../../../core/time.js';
import type { PendingEmissions } from './pending-emissions.js';

const OPERATOR = Symbol.for('weir.operator');

/** Marks an error with the operator it escaped from first (the innermost one of a chain). */
export function attributeToOperator(error: unknown, operatorName: string): unknown {
  if (error !== null && typeof error === 'object' && !(OPERATOR in error)) {
    Object.defineProperty(error, OPERATOR, { value: operatorName, enumerable: false });
  }
  return error;
}

/** The operator an error escaped from, if known. */
export function operatorOf(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const name = (error as { [OPERATOR]?: unknown })[OPERATOR];
  return typeof name === 'string' ? name : undefined;
}

/** What the host needs from a keyed operator's timers: fire event-time timers up to a watermark, `budget` at most. */
export interface EventTimeTimers {
  /** True when every timer up to the watermark fired. */
  advanceWatermark(watermark: number, budget: number): boolean;
}

/** Timers fired per slice: a watermark that fires a million timers (end of input) yields between slices. */
const TIMERS_PER_SLICE = 64;
const NOT_DONE: IteratorResult<unknown> = { done: false, value: undefined };
const DONE: IteratorResult<unknown> = { done: true, value: undefined };
const NOTHING_TO_EMIT = () => {};

/**
 * Runs one operator of a chain for the task (Flink's StreamOperatorWrapper plus the key context of
 * AbstractStreamOperator): sets the current key before each record, fires event-time timers before a watermark
 * reaches the operator, and combines the two watermarks of a two-input operator. Called on the task's thread only.
 */
export class OperatorHost {
  private watermark1 = MIN_WATERMARK;
  private watermark2 = MIN_WATERMARK;
  private combinedWatermark = MIN_WATERMARK;
  private idle1 = false;
  private idle2 = false;
  private readonly one: OneInputStreamOperator<unknown, unknown> | undefined;
  private readonly two: TwoInputStreamOperator<unknown, unknown, unknown> | undefined;
  /** Records this operator received (numRecordsIn of the operator). */
  recordsIn = 0;

  constructor(
    readonly name: string,
    readonly operator: StreamOperator<unknown>,
    readonly inputs: 1 | 2,
    private readonly keySelector1: KeyFn | undefined,
    private readonly keySelector2: KeyFn | undefined,
    readonly backend: KeyedStateBackend | undefined,
    private readonly timers: EventTimeTimers | undefined,
    private readonly pending: PendingEmissions,
  ) {
    if (inputs === 1) this.one = operator as OneInputStreamOperator<unknown, unknown>;
    else this.two = operator as TwoInputStreamOperator<unknown, unknown, unknown>;
  }

  processElement(value: unknown, timestamp: number): void {
    this.recordsIn++;
    try {
      if (this.keySelector1 !== undefined) this.backend!.setCurrentKey(this.keySelector1(value));
      this.one!.processElement(value, timestamp);
    } catch (error) {
      throw attributeToOperator(error, this.name);
    }
  }

  processElement1(value: unknown, timestamp: number): void {
    this.recordsIn++;
    try {
      if (this.keySelector1 !== undefined) this.backend!.setCurrentKey(this.keySelector1(value));
      this.two!.processElement1(value, timestamp);
    } catch (error) {
      throw attributeToOperator(error, this.name);
    }
  }

  processElement2(value: unknown, timestamp: number): void {
    this.recordsIn++;
    try {
      if (this.keySelector2 !== undefined) this.backend!.setCurrentKey(this.keySelector2(value));
      this.two!.processElement2(value, timestamp);
    } catch (error) {
      throw attributeToOperator(error, this.name);
    }
  }

  /** The watermark of a one-input operator's input, or of either input of a two-input operator. */
  processWatermark(watermark: number, input: 1 | 2 = 1): void {
    if (this.inputs === 2) {
      if (input === 1) this.watermark1 = watermark;
      else this.watermark2 = watermark;
      this.advanceCombined();
      return;
    }
    if (watermark <= this.combinedWatermark) return;
    this.combinedWatermark = watermark;
    this.advanceTo(watermark);
  }

  /**
   * Two inputs (Flink's CombinedWatermarkStatus): the operator's watermark is the minimum over the inputs that are
   * not idle; with both idle it stays where it is.
   */
  private advanceCombined(): void {
    let combined: number;
    if (this.idle1 && this.idle2) return;
    if (this.idle1) combined = this.watermark2;
    else if (this.idle2) combined = this.watermark1;
    else combined = Math.min(this.watermark1, this.watermark2);
    if (combined <= this.combinedWatermark) return;
    this.combinedWatermark = combined;
    this.advanceTo(combined);
  }

  private advanceTo(watermark: number): void {
    const timers = this.timers;
    if (timers !== undefined && !timers.advanceWatermark(watermark, TIMERS_PER_SLICE)) {
      // More timers are due: fire them in slices from the task loop, then let the watermark pass (Flink fires all
      // timers before the watermark moves on; so do we, without one unbounded burst of output).
      const values: Iterator<unknown> = {
        next: () => {
          if (!timers.advanceWatermark(watermark, TIMERS_PER_SLICE)) return NOT_DONE;
          this.forwardWatermark(watermark);
          return DONE;
        },
      };
      this.pending.push(values, watermark, NOTHING_TO_EMIT);
      return;
    }
    this.forwardWatermark(watermark);
  }

  private forwardWatermark(watermark: number): void {
    if (this.one !== undefined) this.one.processWatermark(watermark);
    else this.two!.processWatermark(watermark);
  }

  get currentWatermark(): number {
    return this.combinedWatermark;
  }

  /** The last watermark of one input of a two-input operator (Flink's currentInput1Watermark/currentInput2Watermark). */
  inputWatermark(input: 1 | 2): number {
    return input === 1 ? this.watermark1 : this.watermark2;
  }

  processWatermarkStatus(idle: boolean, input: 1 | 2 = 1): void {
    if (this.one !== undefined) {
      this.one.processWatermarkStatus(idle);
      return;
    }
    const wasIdle = this.idle1 && this.idle2;
    if (input === 1) this.idle1 = idle;
    else this.idle2 = idle;
    const isIdle = this.idle1 && this.idle2;
    // An input that went idle no longer holds the other one back.
    if (idle) this.advanceCombined();
    if (wasIdle !== isIdle) this.two!.processWatermarkStatus(isIdle);
  }

  endInput(input: 1 | 2 = 1): void {
    if (this.one !== undefined) this.one.endInput();
    else this.two!.endInput(input);
  }
}
