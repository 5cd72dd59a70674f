import { NO_TIMESTAMP } from '../../core/time.js';
import type { KeyedOnTimerContext, TimeDomain } from '../functions/process-functions.js';
import type { OutputTag } from '../output-tag.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import type { Output } from './output.js';
import type { TimerService } from './timers.js';

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
