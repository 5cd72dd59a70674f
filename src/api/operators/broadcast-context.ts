import { NO_TIMESTAMP } from '../../core/time.js';
import type {
  BroadcastState,
  KeyedBroadcastContext,
  KeyedBroadcastOnTimerContext,
  KeyedStateFunction,
  ReadOnlyBroadcastState,
} from '../functions/broadcast-process-functions.js';
import type { TimeDomain } from '../functions/process-functions.js';
import type { OutputTag } from '../output-tag.js';
import type { AnyStateDescriptor, MapStateDescriptor } from '../state/descriptors.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import type { State } from '../state/state.js';
import type { BroadcastStateStore } from './broadcast-state-store.js';
import type { Output } from './output.js';
import type { ProcessingTimeService, TimerService } from './timers.js';

/**
 * The context broadcast operators hand their functions, one per role (element, broadcast element, timer) and
 * reused. `writable` decides whether getBroadcastState returns the map or its read-only view, and whether
 * applyToKeyedState is allowed (broadcast side only). The operator sets `ts`, `domain` and `watermark`.
 */
export class BroadcastOperatorContext<K> implements KeyedBroadcastContext<K>, KeyedBroadcastOnTimerContext<K> {
  ts = NO_TIMESTAMP;
  domain: TimeDomain = 'EVENT_TIME';
  watermark = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: Output<unknown>,
    private readonly store: BroadcastStateStore,
    private readonly writable: boolean,
    private readonly processingTime: ProcessingTimeService,
    private readonly timers: TimerService | undefined,
    private readonly keys: KeyedStateBackend | undefined,
  ) {}

  timestamp(): number | undefined {
    return this.ts === NO_TIMESTAMP ? undefined : this.ts;
  }
  currentProcessingTime(): number {
    return this.processingTime.getCurrentProcessingTime();
  }
  /** Keyed operators read the timer service's watermark (current during event-time timers, which fire before
   * the operator sees the watermark); non-keyed ones the last watermark the operator received. */
  currentWatermark(): number {
    return this.timers === undefined ? this.watermark : this.timers.currentWatermark();
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    if (tag === null || tag === undefined) throw new TypeError('ctx.output(tag, value): OutputTag must not be null.');
    this.out.collectSide(tag, value, this.ts);
  }
  getBroadcastState<MK, MV>(descriptor: MapStateDescriptor<MK, MV>): BroadcastState<MK, MV>;
  getBroadcastState<MK, MV>(descriptor: MapStateDescriptor<MK, MV>): ReadOnlyBroadcastState<MK, MV> {
    return this.writable ? this.store.get(descriptor) : this.store.getReadOnly(descriptor);
  }
  timerService(): TimerService {
    if (this.timers === undefined || this.writable) {
      throw new Error(
        'Timers are only available on the keyed side of a keyed broadcast process function (processElement, onTimer)',
      );
    }
    return this.timers;
  }
  getCurrentKey(): K {
    if (this.keys === undefined || this.writable) {
      throw new Error('getCurrentKey() is only available on the keyed side of a keyed broadcast process function');
    }
    return this.keys.getCurrentKey() as K;
  }
  timeDomain(): TimeDomain {
    return this.domain;
  }

  applyToKeyedState(descriptor: AnyStateDescriptor, fn: KeyedStateFunction<K, never>): void {
    const backend = this.keys;
    if (backend === undefined || !this.writable) {
      throw new Error(
        'applyToKeyedState is only available in processBroadcastElement of a KeyedBroadcastProcessFunction',
      );
    }
    const state = stateFor(backend, descriptor);
    // Copy the keys first: the function may clear state, which would change the set being iterated.
    const keys = Array.from(backend.getKeys(descriptor.name));
    const previous = backend.getCurrentKey();
    try {
      for (const key of keys) {
        backend.setCurrentKey(key);
        (fn as KeyedStateFunction<K, State>)(key as K, state);
      }
    } finally {
      if (previous !== undefined) backend.setCurrentKey(previous);
    }
  }
}

function stateFor(backend: KeyedStateBackend, d: AnyStateDescriptor): State {
  switch (d.kind) {
    case 'value':
      return backend.getState(d);
    case 'list':
      return backend.getListState(d);
    case 'map':
      return backend.getMapState(d);
    case 'reducing':
      return backend.getReducingState(d);
    case 'aggregating':
      return backend.getAggregatingState(d);
    default: {
      const never: never = d;
      throw new TypeError(
        `applyToKeyedState needs a state descriptor, got ${String((never as { kind?: string })?.kind)}`,
      );
    }
  }
}
