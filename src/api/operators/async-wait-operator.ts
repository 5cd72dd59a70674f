import type { AsyncFunction, AsyncRetryStrategy } from '../functions/async-function.js';
import { TimeoutError } from '../functions/async-function.js';
import {
  closeFunction,
  describeValue,
  isThenable,
  type NormalizedAsyncFunction,
  normalizeAsyncFunction,
  openFunction,
  previewValue,
} from '../functions/normalize.js';
import type { FunctionInitializationContext, FunctionSnapshotContext } from '../state/checkpointing.js';
import { ListStateDescriptor } from '../state/descriptors.js';
import type { ListState } from '../state/state.js';
import { AsyncElementQueue, type AsyncQueueElement, AsyncRequest } from './async-element-queue.js';
import type { Output } from './output.js';
import type { MailboxExecutor, OneInputStreamOperator, StreamOperatorParameters } from './stream-operator.js';
import type { ProcessingTimeService } from './timers.js';

export type AsyncOutputMode = 'ORDERED' | 'UNORDERED';

/** Name of the operator list state holding the queue at a checkpoint (as Flink's AsyncWaitOperator). */
export const ASYNC_WAIT_STATE_NAME = '_async_wait_operator_state_';

export interface AsyncWaitOptions {
  /** Per record, across retries; 0 (or Infinity) for none. */
  readonly timeoutMs: number;
  /** Records in the operator at once (in flight or completed but not yet emitted). */
  readonly capacity: number;
  readonly outputMode: AsyncOutputMode;
  readonly retryStrategy?: AsyncRetryStrategy<unknown>;
}

/**
 * Async I/O (Flink's AsyncWaitOperator). Each record starts a call of the AsyncFunction; settled promises hand
 * their result to the task's mailbox, where it is emitted with the input record's timestamp: in input order
 * (ORDERED), or as soon as complete (UNORDERED). In both modes a watermark is emitted only after every record that
 * arrived before it, and records never overtake a watermark. At `capacity` records, inputBlocked() returns a
 * promise that resolves once one leaves. A timeout calls timeout(input) or fails the job with a TimeoutError;
 * errors are retried per the retry strategy, then fail the job. Every method runs on the task's thread.
 * Checkpoints keep what is still queued (inputs of requests in flight, results not yet emitted, held watermarks) in
 * a split list state; after a restore open() issues those requests again, so each result is emitted exactly once.
 */
export class AsyncWaitOperator<IN, OUT> implements OneInputStreamOperator<IN, OUT> {
  private readonly fn: NormalizedAsyncFunction<IN, OUT>;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private readonly timeoutMs: number;
  private readonly capacity: number;
  private readonly retry: AsyncRetryStrategy<unknown> | undefined;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private mailbox!: MailboxExecutor;
  private time!: ProcessingTimeService;
  private readonly queue: AsyncElementQueue<IN, OUT>;
  private retryDisabled = false;
  private closed = false;
  private unblocked: { promise: Promise<void>; resolve: () => void } | undefined;
  private drained: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;
  private queueState: ListState<AsyncQueueElement<IN>> | undefined;
  /** Restored queue elements, issued again in open(). */
  private recovered: AsyncQueueElement<IN>[] | undefined;

  constructor(fn: AsyncFunction<IN, OUT>, options: AsyncWaitOptions) {
    this.fn = normalizeAsyncFunction(fn);
    this.userFunction = this.fn.rich;
    const { timeoutMs, capacity, outputMode, retryStrategy } = options ?? ({} as AsyncWaitOptions);
    if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
      throw new RangeError(
        `AsyncDataStream: timeoutMs must be a non-negative number (0 = no timeout), got ${describeValue(timeoutMs)}`,
      );
    }
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(`AsyncDataStream: capacity must be a positive integer, got ${describeValue(capacity)}`);
    }
    if (outputMode !== 'ORDERED' && outputMode !== 'UNORDERED') {
      throw new TypeError(
        `AsyncDataStream: outputMode must be 'ORDERED' or 'UNORDERED', got ${describeValue(outputMode)}`,
      );
    }
    this.timeoutMs = timeoutMs === Number.POSITIVE_INFINITY ? 0 : timeoutMs;
    this.capacity = capacity;
    this.queue = new AsyncElementQueue(outputMode === 'ORDERED');
    this.retry = retryStrategy;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
    this.mailbox = parameters.mailboxExecutor;
    this.time = parameters.processingTimeService;
  }
  initializeState(context: FunctionInitializationContext): void {
    const descriptor = new ListStateDescriptor<AsyncQueueElement<IN>>(ASYNC_WAIT_STATE_NAME);
    this.queueState = context.getOperatorStateStore().getListState(descriptor);
    this.recovered = context.isRestored() ? Array.from(this.queueState.get()) : undefined;
  }
  open(): void {
    openFunction(this.fn.rich, this.params.runtimeContext, 'async function');
    const recovered = this.recovered;
    this.recovered = undefined;
    // As Flink: restored elements go through the normal path, in their original order. After scaling in, a subtask
    // may get more than `capacity` of them; the queue holds them all and inputBlocked() waits until it drains.
    if (recovered !== undefined) for (const element of recovered) this.reprocess(element);
  }
  /** Writes the queue (requests in flight, unemitted results, held watermarks) into the operator list state. */
  snapshotState(_context: FunctionSnapshotContext): void {
    if (this.queueState === undefined) {
      throw new Error(
        'AsyncWaitOperator.snapshotState was called before initializeState: the runtime must call it first',
      );
    }
    this.queueState.update(this.queue.snapshotElements());
  }

  processElement(value: IN, timestamp: number): void {
    const request = new AsyncRequest<IN, OUT>(value, timestamp);
    this.queue.addRecord(request);
    if (this.timeoutMs > 0) {
      const at = this.time.getCurrentProcessingTime() + this.timeoutMs;
      request.timeoutTimer = this.time.registerTimer(at, () => this.onTimeout(request));
    }
    this.invoke(request);
  }

  processWatermark(watermark: number): void {
    this.queue.addWatermark(watermark, this.output);
  }
  processWatermarkStatus(idle: boolean): void {
    this.output.emitWatermarkStatus(idle);
  }

  inputBlocked(): Promise<void> | undefined {
    if (this.queue.size < this.capacity) return undefined;
    if (this.unblocked === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.unblocked = { promise, resolve };
    }
    return this.unblocked.promise;
  }

  /** As Flink at end of input: pending retries fire now and no new ones start. */
  endInput(): void {
    this.disableRetries();
  }

  /** Resolves when every record's request completed and all results (and held watermarks) were emitted. */
  finish(): Promise<void> {
    this.disableRetries();
    if (this.queue.isEmpty()) return Promise.resolve();
    if (this.drained === undefined) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.drained = { promise, resolve, reject };
    }
    return this.drained.promise;
  }

  close(): void {
    this.closed = true;
    this.queue.clear();
    closeFunction(this.fn.rich);
  }

  /** Records queued (in flight or waiting to be emitted); for tests and metrics. */
  get numberOfQueuedRecords(): number {
    return this.queue.size;
  }

  private reprocess(element: AsyncQueueElement<IN>): void {
    switch (element.kind) {
      case 'record':
        this.processElement(element.value, element.timestamp);
        return;
      case 'watermark':
        this.processWatermark(element.watermark);
        return;
      default: {
        const never: never = element;
        throw new TypeError(`Restored async I/O state holds an unknown element: ${previewValue(never)}`);
      }
    }
  }

  private invoke(request: AsyncRequest<IN, OUT>): void {
    const attempt = ++request.attempts;
    let pending: unknown;
    try {
      pending = this.fn.invoke(request.input);
    } catch (error) {
      this.onError(request, attempt, error);
      return;
    }
    const promise = isThenable(pending) ? (pending as Promise<OUT | OUT[]>) : Promise.resolve(pending as OUT | OUT[]);
    promise.then(
      (result) => this.deliver(() => this.onResult(request, attempt, result), 'async result'),
      (error: unknown) => this.deliver(() => this.onError(request, attempt, error), 'async error'),
    );
  }

  private deliver(action: () => void, description: string): void {
    if (!this.closed) this.mailbox.execute(action, description);
  }

  private onResult(request: AsyncRequest<IN, OUT>, attempt: number, result: OUT | OUT[]): void {
    if (request.done || attempt !== request.attempts || request.retryTimer !== undefined) return;
    const results = Array.isArray(result) ? (result as OUT[]) : [result];
    const retry = this.retry;
    if (retry !== undefined && !this.retryDisabled && retry.shouldRetryOnResult(results) && retry.canRetry(attempt)) {
      this.scheduleRetry(request, retry);
      return;
    }
    this.complete(request, results);
  }

  private onError(request: AsyncRequest<IN, OUT>, attempt: number, error: unknown): void {
    if (request.done || attempt !== request.attempts || request.retryTimer !== undefined) return;
    const retry = this.retry;
    if (retry !== undefined && !this.retryDisabled && retry.shouldRetryOnError(error) && retry.canRetry(attempt)) {
      this.scheduleRetry(request, retry);
      return;
    }
    const failure = new Error(
      `Async function call failed for input ${previewValue(request.input)} after ${attempt} attempt(s): ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
    this.fail(request, failure);
  }

  private scheduleRetry(request: AsyncRequest<IN, OUT>, retry: AsyncRetryStrategy<unknown>): void {
    const at = this.time.getCurrentProcessingTime() + retry.getBackoffTimeMillis(request.attempts);
    request.retryTimer = this.time.registerTimer(at, () => {
      request.retryTimer = undefined;
      if (!request.done && !this.closed) this.invoke(request);
    });
  }

  private disableRetries(): void {
    if (this.retryDisabled) return;
    this.retryDisabled = true;
    for (const request of this.queue.requests()) {
      if (request.retryTimer !== undefined) {
        request.retryTimer.cancel();
        request.retryTimer = undefined;
        this.invoke(request);
      }
    }
  }

  /** Runs on the mailbox (processing-time callbacks do). */
  private onTimeout(request: AsyncRequest<IN, OUT>): void {
    request.timeoutTimer = undefined;
    if (request.done || this.closed) return;
    if (request.retryTimer !== undefined) {
      request.retryTimer.cancel();
      request.retryTimer = undefined;
    }
    if (this.fn.timeout === undefined) {
      const message = `Async function call has timed out after ${this.timeoutMs} ms for input ${previewValue(request.input)}. Give the AsyncFunction a timeout(input) method to emit a fallback instead of failing the job, or raise timeoutMs.`;
      this.fail(request, new TimeoutError(message, request.input));
      return;
    }
    const fallback = this.fn.timeout(request.input);
    this.complete(request, fallback === undefined ? [] : Array.isArray(fallback) ? fallback : [fallback]);
  }

  private complete(request: AsyncRequest<IN, OUT>, results: readonly OUT[]): void {
    request.done = true;
    request.results = results;
    request.cancelTimers();
    this.queue.emitCompleted(this.output);
    this.afterEmit();
  }

  /** The job fails: the error is thrown on the mailbox (which fails the task) and rejects a pending finish(). */
  private fail(request: AsyncRequest<IN, OUT>, error: Error): never {
    request.done = true;
    request.cancelTimers();
    this.drained?.reject(error);
    this.drained = undefined;
    throw error;
  }

  private afterEmit(): void {
    if (this.unblocked !== undefined && this.queue.size < this.capacity) {
      this.unblocked.resolve();
      this.unblocked = undefined;
    }
    if (this.drained !== undefined && this.queue.isEmpty()) {
      this.drained.resolve();
      this.drained = undefined;
    }
  }
}
