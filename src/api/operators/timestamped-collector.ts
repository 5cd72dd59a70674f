import { NO_TIMESTAMP } from '../../core/time.js';
import type { Collector } from '../functions/functions.js';
import { describeValue, isThenable, promiseReturnedError } from '../functions/normalize.js';
import type { Output } from './output.js';

/**
 * The Collector an operator hands its user function (Flink's TimestampedCollector): one per operator, reused for
 * every record. The operator sets `timestamp` before calling the function; records collected carry it.
 */
export class TimestampedCollector<T> implements Collector<T> {
  timestamp = NO_TIMESTAMP;
  /** Records collected so far; flatMap compares it around a call to tell "collected" from "returned". */
  count = 0;
  constructor(readonly output: Output<T>) {}
  collect(value: T): void {
    this.count++;
    this.output.collect(value, this.timestamp);
  }
}

/**
 * Emits what a flatMap-style function returned. Contract: a function either collects or returns an iterable,
 * never both (`collectedBefore` is the collector's count before the call). Strings are rejected although iterable:
 * returning one is almost always a mistake (it would emit single characters).
 */
export function emitReturned<T>(
  result: unknown,
  collector: TimestampedCollector<T>,
  collectedBefore: number,
  what: string,
): void {
  if (result === undefined || result === null) return;
  if (Array.isArray(result)) {
    if (collector.count !== collectedBefore) throw bothUsed(what);
    for (let i = 0; i < result.length; i++) collector.collect(result[i]);
    return;
  }
  if (typeof result === 'object' && typeof (result as Iterable<T>)[Symbol.iterator] === 'function') {
    if (collector.count !== collectedBefore) throw bothUsed(what);
    const output = collector.output;
    if (output.collectLazily !== undefined) {
      // A generator may fan out without bound: the runtime pulls it as output credit allows.
      output.collectLazily((result as Iterable<T>)[Symbol.iterator](), collector.timestamp);
      return;
    }
    for (const v of result as Iterable<T>) collector.collect(v);
    return;
  }
  if (isThenable(result)) throw promiseReturnedError(what);
  throw new TypeError(
    `${what} returned ${describeValue(result)}: return an array (or other iterable) of results, or emit them with out.collect(value) and return nothing`,
  );
}

function bothUsed(what: string): Error {
  return new TypeError(
    `${what} both called out.collect(...) and returned an iterable: use one or the other (returned values would be emitted twice)`,
  );
}
