import type { RuntimeContext } from './runtime-context.js';

// Asynchronous I/O (Flink's AsyncFunction, used through AsyncDataStream.orderedWait/unorderedWait). The promise
// may settle on any turn of the event loop; the operator hands the result back to the task's mailbox, so results
// are emitted on the task's thread like everything else.

/** Calls an external service per record. Either a function returning a promise, or an object (rich hooks too). */
export type AsyncFunction<I, O> =
  | ((input: I) => Promise<O | O[]>)
  | {
      asyncInvoke(input: I): Promise<O | O[]>;
      /** Result for a request that timed out (undefined: emit nothing). Without it, a timeout fails the job. */
      timeout?(input: I): O | O[] | undefined;
      open?(context: RuntimeContext): void;
      close?(): void;
    };

/**
 * When and how often to retry a failed or unsatisfying call (Flink's AsyncRetryStrategy). `currentAttempts` is the
 * number of calls made so far for the record (1 after the first call failed).
 */
export interface AsyncRetryStrategy<O = unknown> {
  canRetry(currentAttempts: number): boolean;
  /** Delay before the next call, in milliseconds. */
  getBackoffTimeMillis(currentAttempts: number): number;
  /** Whether a call that failed with `error` should be retried. */
  shouldRetryOnError(error: unknown): boolean;
  /** Whether a call that succeeded with `results` should be retried anyway (e.g. an empty lookup). */
  shouldRetryOnResult(results: readonly O[]): boolean;
}

/**
 * Which outcomes to retry. A function is an error predicate. Without a predicate every error is retried and no
 * result is (Flink retries nothing unless told; here a strategy without predicates would be pointless).
 */
export type AsyncRetryPredicate<O> =
  | ((error: unknown) => boolean)
  | { ifException?(error: unknown): boolean; ifResult?(results: readonly O[]): boolean };

function checkAttempts(maxAttempts: number, where: string): void {
  if (!Number.isInteger(maxAttempts) || maxAttempts <= 0) {
    throw new RangeError(
      `${where}: maxAttempts must be a positive integer (retries after the first call), got ${maxAttempts}`,
    );
  }
}

function checkDelay(value: number, name: string, where: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${where}: ${name} must be a finite, non-negative number of milliseconds, got ${value}`);
  }
}

class PredicateStrategy<O> implements AsyncRetryStrategy<O> {
  private readonly onError: (error: unknown) => boolean;
  private readonly onResult: (results: readonly O[]) => boolean;
  constructor(
    private readonly maxAttempts: number,
    private readonly backoff: (currentAttempts: number) => number,
    predicate: AsyncRetryPredicate<O> | undefined,
  ) {
    if (predicate === undefined) {
      this.onError = () => true;
      this.onResult = () => false;
    } else if (typeof predicate === 'function') {
      this.onError = predicate;
      this.onResult = () => false;
    } else {
      this.onError = predicate.ifException?.bind(predicate) ?? (() => predicate.ifResult === undefined);
      this.onResult = predicate.ifResult?.bind(predicate) ?? (() => false);
    }
  }
  /** As in Flink, maxAttempts counts retries: calls stop after 1 + maxAttempts. */
  canRetry(currentAttempts: number): boolean {
    return currentAttempts <= this.maxAttempts;
  }
  getBackoffTimeMillis(currentAttempts: number): number {
    return this.backoff(currentAttempts);
  }
  shouldRetryOnError(error: unknown): boolean {
    return this.onError(error);
  }
  shouldRetryOnResult(results: readonly O[]): boolean {
    return this.onResult(results);
  }
}

/** Ready-made retry strategies (Flink's AsyncRetryStrategies). */
export const AsyncRetryStrategies = {
  /** Retries up to `maxAttempts` times, waiting `delayMs` before each retry. */
  fixedDelay<O = unknown>(
    maxAttempts: number,
    delayMs: number,
    retryPredicate?: AsyncRetryPredicate<O>,
  ): AsyncRetryStrategy<O> {
    checkAttempts(maxAttempts, 'AsyncRetryStrategies.fixedDelay');
    checkDelay(delayMs, 'delayMs', 'AsyncRetryStrategies.fixedDelay');
    return new PredicateStrategy<O>(maxAttempts, () => delayMs, retryPredicate);
  },

  /**
   * Retries up to `maxAttempts` times; the first retry waits `initialDelayMs`, each next one `multiplier` times
   * longer, capped at `maxDelayMs`. Pure in the attempt number, so one strategy can serve every record.
   */
  exponentialBackoff<O = unknown>(
    maxAttempts: number,
    initialDelayMs: number,
    maxDelayMs: number,
    multiplier: number,
    retryPredicate?: AsyncRetryPredicate<O>,
  ): AsyncRetryStrategy<O> {
    const where = 'AsyncRetryStrategies.exponentialBackoff';
    checkAttempts(maxAttempts, where);
    checkDelay(initialDelayMs, 'initialDelayMs', where);
    checkDelay(maxDelayMs, 'maxDelayMs', where);
    if (!Number.isFinite(multiplier) || multiplier < 1) {
      throw new RangeError(`${where}: multiplier must be a finite number >= 1, got ${multiplier}`);
    }
    const backoff = (attempts: number) =>
      Math.min(initialDelayMs * multiplier ** Math.max(0, attempts - 1), maxDelayMs);
    return new PredicateStrategy<O>(maxAttempts, backoff, retryPredicate);
  },

  /** Never retries (the default). */
  noRetry<O = unknown>(): AsyncRetryStrategy<O> {
    return NO_RETRY as AsyncRetryStrategy<O>;
  },
} as const;

const NO_RETRY: AsyncRetryStrategy<unknown> = {
  canRetry: () => false,
  getBackoffTimeMillis: () => 0,
  shouldRetryOnError: () => false,
  shouldRetryOnResult: () => false,
};

/** A request that got no answer within the operator's timeout and whose AsyncFunction has no timeout(). */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    message: string,
    readonly input: unknown,
  ) {
    super(message);
  }
}
