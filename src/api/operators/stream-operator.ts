import type { RuntimeContext } from '../functions/runtime-context.js';
import type { FunctionInitializationContext, FunctionSnapshotContext } from '../state/checkpointing.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import type { Output } from './output.js';
import type { InternalTimerService, ProcessingTimeService, Triggerable } from './timers.js';

/** Flink's ChainingStrategy: whether an operator may join the chain of its predecessor. */
export type ChainingStrategy = 'ALWAYS' | 'NEVER' | 'HEAD' | 'HEAD_WITH_SOURCES';

/**
 * Everything the runtime hands an operator before open(). Contract: all methods are called on the task's thread,
 * one at a time (the mailbox), so operators need no locks.
 */
export interface StreamOperatorParameters<OUT> {
  readonly output: Output<OUT>;
  readonly runtimeContext: RuntimeContext;
  /** Present when the operator's input is keyed (keyBy before it). */
  readonly keyedStateBackend: KeyedStateBackend | undefined;
  readonly processingTimeService: ProcessingTimeService;
  /** Keyed operators only: a named timer service whose timers call `triggerable` with the key set. */
  getInternalTimerService<N>(name: string, triggerable: Triggerable<unknown, N>): InternalTimerService<N>;
  /** Runs an action later on the task's mailbox (e.g. completing an async request); never re-entrant. */
  readonly mailboxExecutor: MailboxExecutor;
}

export interface MailboxExecutor {
  execute(action: () => void, description: string): void;
}

/** Lifecycle shared by all operators: setup → open → (records, watermarks) → finish (bounded end) → close. */
export interface StreamOperator<OUT> {
  setup(parameters: StreamOperatorParameters<OUT>): void;
  open(): void;
  /** All input has ended and every upstream operator finished: flush buffered results. Not called on cancel.
   * May return a promise (e.g. async I/O waiting for requests in flight); the task awaits it once. */
  finish(): void | Promise<void>;
  /** Operators that can refuse input (async I/O at capacity) return a promise while they cannot take more; the
   * task checks between input records and waits. Undefined (or absent) means ready. */
  inputBlocked?(): Promise<void> | undefined;
  /** Release resources; always called, also after failure or cancellation. The task awaits a returned promise. */
  close(): void | Promise<void>;

  // Checkpointing hooks (all optional). Order per checkpoint: prepareSnapshotPreBarrier (awaited; no input is
  // processed meanwhile), snapshotState (synchronous: copy what must be kept into operator/keyed state), then the
  // barrier goes downstream. Keyed state and timers are snapshotted by the runtime, not by the operator.

  /** Before open(): restore (context.isRestored()) or create operator state. */
  initializeState?(context: FunctionInitializationContext): void;
  /** Flushes what must be part of the checkpoint (a sink's buffered writes) before the barrier passes. */
  prepareSnapshotPreBarrier?(checkpointId: number): void | Promise<void>;
  snapshotState?(context: FunctionSnapshotContext): void;
  notifyCheckpointComplete?(checkpointId: number): void | Promise<void>;
  notifyCheckpointAborted?(checkpointId: number): void;
  /** The user function the operator wraps: the runtime forwards CheckpointedFunction/CheckpointListener calls. */
  readonly userFunction?: unknown;
}

export interface OneInputStreamOperator<IN, OUT> extends StreamOperator<OUT> {
  processElement(value: IN, timestamp: number): void;
  /** Called with the combined watermark of this operator's inputs; must forward it (after firing timers). */
  processWatermark(watermark: number): void;
  processWatermarkStatus(idle: boolean): void;
  /** Bounded input ended (Flink's BoundedOneInput.endInput), before the final watermark-driven finish. */
  endInput(): void;
}

export interface TwoInputStreamOperator<IN1, IN2, OUT> extends StreamOperator<OUT> {
  processElement1(value: IN1, timestamp: number): void;
  processElement2(value: IN2, timestamp: number): void;
  /** Called with the combined watermark of both inputs (min), already deduplicated. */
  processWatermark(watermark: number): void;
  processWatermarkStatus(idle: boolean): void;
  endInput(inputIndex: 1 | 2): void;
}

/** Operators are created per subtask from a factory held by the transformation; the factory must not share state. */
export type OperatorFactory<OP extends StreamOperator<unknown>> = () => OP;
