import { NO_TIMESTAMP } from '../../core/time.js';
import type { Collector } from '../functions/functions.js';
import { isThenable, promiseReturnedError } from '../functions/normalize.js';
import type { KeyedOnTimerContext, TimeDomain } from '../functions/process-functions.js';
import type { OutputTag } from '../output-tag.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import type { Output } from './output.js';
import type { TimerService } from './timers.js';
import type { TimestampedCollector } from './timestamped-collector.js';

/**
 * The context object process operators hand their functions; one per role (element, timer) per operator, reused:
 * the operator sets `ts` and `domain` before each call. It implements the widest context (keyed, on timer);
 * the function's declared context type narrows what user code sees.
 */
export class ProcessContext<K> implements KeyedOnTimerContext<K> {
  /** The record's (or firing timer's) timestamp; NO_TIMESTAMP when it has none. */
  ts = NO_TIMESTAMP;
  domain: TimeDomain = 'EVENT_TIME';

  constructor(
    private readonly out: Output<unknown>,
    private readonly timers: TimerService,
    private readonly what: string,
    private readonly keys: KeyedStateBackend | undefined,
  ) {}

  timestamp(): number | undefined {
    return this.ts === NO_TIMESTAMP ? undefined : this.ts;
  }
  timerService(): TimerService {
    return this.timers;
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    if (tag === null || tag === undefined) {
      throw new TypeError(`ctx.output(tag, value) in the ${this.what}: OutputTag must not be null.`);
    }
    this.out.collectSide(tag, value, this.ts);
  }
  /** The runtime sets the record's (or the timer's) key on the backend before calling the operator. */
  getCurrentKey(): K {
    if (this.keys === undefined) {
      throw new Error(`getCurrentKey() in the ${this.what} needs a keyed stream: call keyBy(...) first`);
    }
    return this.keys.getCurrentKey() as K;
  }
  timeDomain(): TimeDomain {
    return this.domain;
  }
}

/**
 * Calls the user function's onTimer (if it has one) for a fired keyed timer, with the context and collector the
 * operator reuses: records emitted carry the timer's timestamp in event time and none in processing time.
 */
export function fireUserTimer<C extends { ts: number; domain: TimeDomain }, O>(
  fn: { onTimer?(timestamp: number, ctx: NoInfer<C>, out: Collector<O>): unknown },
  ctx: C,
  collector: TimestampedCollector<O>,
  timestamp: number,
  domain: TimeDomain,
  what: string,
): void {
  collector.timestamp = domain === 'EVENT_TIME' ? timestamp : NO_TIMESTAMP;
  if (fn.onTimer === undefined) return;
  ctx.ts = timestamp;
  ctx.domain = domain;
  const r: unknown = fn.onTimer(timestamp, ctx, collector);
  if (r !== undefined && isThenable(r)) throw promiseReturnedError(`onTimer of the ${what}`);
}
