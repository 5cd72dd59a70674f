import { Duration } from '../../core/time.js';
import type { TypeInformation } from '../../core/types/type-information.js';
import type { AsyncFunction, AsyncRetryStrategy } from '../functions/async-function.js';
import { type AsyncOutputMode, AsyncWaitOperator } from '../operators/async-wait-operator.js';
import { checked, type DataStream, type SingleOutputStreamOperator } from './index.js';

// Asynchronous I/O on a stream (Flink's AsyncDataStream): one request per record, up to `capacity` in flight, results
// emitted in input order (orderedWait) or as they complete (unorderedWait; watermarks still order them). The timeout
// covers a record's request and its retries; 0 means none.

/** Flink's default number of requests in flight per subtask. */
export const DEFAULT_ASYNC_CAPACITY = 100;

function addAsyncOperator<I, O>(
  stream: DataStream<I>,
  fn: AsyncFunction<I, O>,
  timeout: Duration | number,
  capacity: number,
  outputMode: AsyncOutputMode,
  retryStrategy: AsyncRetryStrategy<O> | undefined,
  outputType: TypeInformation<O> | undefined,
): SingleOutputStreamOperator<O> {
  const timeoutMs = Duration.from(timeout).toMillis();
  if (!Number.isInteger(capacity) || capacity <= 0) {
    throw new RangeError(
      `AsyncDataStream: the capacity (requests in flight per subtask) must be a positive integer, got ${capacity}`,
    );
  }
  const options = {
    timeoutMs,
    capacity,
    outputMode,
    retryStrategy: retryStrategy as AsyncRetryStrategy<unknown> | undefined,
  };
  return stream.transform(
    'async wait operator',
    checked(() => new AsyncWaitOperator<I, O>(fn, options)),
    outputType,
  );
}

function orderedWait<I, O>(
  stream: DataStream<I>,
  fn: AsyncFunction<I, O>,
  timeout: Duration | number,
  capacity = DEFAULT_ASYNC_CAPACITY,
  outputType?: TypeInformation<O>,
): SingleOutputStreamOperator<O> {
  return addAsyncOperator(stream, fn, timeout, capacity, 'ORDERED', undefined, outputType);
}

function unorderedWait<I, O>(
  stream: DataStream<I>,
  fn: AsyncFunction<I, O>,
  timeout: Duration | number,
  capacity = DEFAULT_ASYNC_CAPACITY,
  outputType?: TypeInformation<O>,
): SingleOutputStreamOperator<O> {
  return addAsyncOperator(stream, fn, timeout, capacity, 'UNORDERED', undefined, outputType);
}

function orderedWaitWithRetry<I, O>(
  stream: DataStream<I>,
  fn: AsyncFunction<I, O>,
  timeout: Duration | number,
  retryStrategy: AsyncRetryStrategy<O>,
): SingleOutputStreamOperator<O>;
function orderedWaitWithRetry<I, O>(
  stream: DataStream<I>,
  fn: AsyncFunction<I, O>,
  timeout: Duration | number,
  capacity: number,
  retryStrategy: AsyncRetryStrategy<O>,
): SingleOutputStreamOperator<O>;
function orderedWaitWithRetry<I, O>(
  stream: DataStream<I>,
  fn: AsyncFunction<I, O>,
  timeout: Duration | number,
  capacityOrStrategy: number | AsyncRetryStrategy<O>,
  strategy?: AsyncRetryStrategy<O>,
): SingleOutputStreamOperator<O> {
  const [capacity, retry] = retryArguments(capacityOrStrategy, strategy, 'orderedWaitWithRetry');
  return addAsyncOperator(stream, fn, timeout, capacity, 'ORDERED', retry, undefined);
}

function unorderedWaitWithRetry<I, O>(
  stream: DataStream<I>,
  fn: AsyncFunction<I, O>,
  timeout: Duration | number,
  retryStrategy: AsyncRetryStrategy<O>,
): SingleOutputStreamOperator<O>;
function unorderedWaitWithRetry<I, O>(
  stream: DataStream<I>,
  fn: AsyncFunction<I, O>,
  timeout: Duration | number,
  capacity: number,
  retryStrategy: AsyncRetryStrategy<O>,
): SingleOutputStreamOperator<O>;
function unorderedWaitWithRetry<I, O>(
  stream: DataStream<I>,
  fn: AsyncFunction<I, O>,
  timeout: Duration | number,
  capacityOrStrategy: number | AsyncRetryStrategy<O>,
  strategy?: AsyncRetryStrategy<O>,
): SingleOutputStreamOperator<O> {
  const [capacity, retry] = retryArguments(capacityOrStrategy, strategy, 'unorderedWaitWithRetry');
  return addAsyncOperator(stream, fn, timeout, capacity, 'UNORDERED', retry, undefined);
}

function retryArguments<O>(
  capacityOrStrategy: number | AsyncRetryStrategy<O>,
  strategy: AsyncRetryStrategy<O> | undefined,
  method: string,
): [number, AsyncRetryStrategy<O>] {
  const capacity = typeof capacityOrStrategy === 'number' ? capacityOrStrategy : DEFAULT_ASYNC_CAPACITY;
  const retry = typeof capacityOrStrategy === 'number' ? strategy : capacityOrStrategy;
  if (retry === null || typeof retry !== 'object' || typeof retry.canRetry !== 'function') {
    throw new TypeError(
      `AsyncDataStream.${method} needs an AsyncRetryStrategy, e.g. AsyncRetryStrategies.fixedDelay(3, 100)`,
    );
  }
  return [capacity, retry];
}

/** Flink's AsyncDataStream: adds an async I/O operator (named "async wait operator") after a stream. */
export const AsyncDataStream = {
  orderedWait,
  unorderedWait,
  orderedWaitWithRetry,
  unorderedWaitWithRetry,
} as const;
