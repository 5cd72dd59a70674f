import type { MetricGroupView } from '../functions/runtime-context.js';
import type { Output } from '../operators/output.js';
import type { InternalTimerService } from '../operators/timers.js';
import type { OutputTag } from '../output-tag.js';
import type {
  AggregatingStateDescriptor,
  AnyStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/descriptors.js';
import { type KeyedStateBackend, VOID_NAMESPACE } from '../state/keyed-state-backend.js';
import type {
  AggregatingState,
  InternalKvState,
  ListState,
  MapState,
  ReducingState,
  State,
  ValueState,
} from '../state/state.js';
import type { OnMergeContext } from './triggers.js';
import type { KeyedStateStore, ProcessWindowFunctionContext } from './window-functions.js';
import type { Window } from './windows.js';

// The contexts the window operator hands triggers and window functions. One instance of each per operator, reused:
// the operator sets `window` (and `mergedWindows`) before each call. All on the task thread, with the key set.

/** A state object of the runtime backend: scoped by namespace, mergeable for list/reducing/aggregating kinds. */
export type NamespacedState = State &
  InternalKvState<unknown> & { mergeNamespaces?(target: unknown, sources: Iterable<unknown>): void };

/** The backend's state object for a descriptor of any kind. */
export function stateOf(backend: KeyedStateBackend, descriptor: AnyStateDescriptor): NamespacedState {
  let state: State;
  switch (descriptor.kind) {
    case 'value':
      state = backend.getState(descriptor);
      break;
    case 'list':
      state = backend.getListState(descriptor);
      break;
    case 'map':
      state = backend.getMapState(descriptor);
      break;
    case 'reducing':
      state = backend.getReducingState(descriptor);
      break;
    case 'aggregating':
      state = backend.getAggregatingState(descriptor);
      break;
    default: {
      const unknownKind: never = descriptor;
      throw new Error(`Unknown state descriptor kind: ${(unknownKind as { kind: string }).kind}`);
    }
  }
  if (typeof (state as Partial<NamespacedState>).setCurrentNamespace !== 'function') {
    throw new Error(
      `State '${descriptor.name}': the keyed state backend does not support namespaces (windows need it)`,
    );
  }
  return state as NamespacedState;
}

/** Keyed state in a namespace read at each call (the current window, or none). */
export class NamespacedStateStore implements KeyedStateStore {
  constructor(
    private readonly backend: () => KeyedStateBackend,
    private readonly namespace: () => unknown,
  ) {}
  private scoped<S>(descriptor: AnyStateDescriptor): S {
    const state = stateOf(this.backend(), descriptor);
    state.setCurrentNamespace(this.namespace());
    return state as unknown as S;
  }
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.scoped(descriptor as AnyStateDescriptor);
  }
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.scoped(descriptor as AnyStateDescriptor);
  }
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    return this.scoped(descriptor as AnyStateDescriptor);
  }
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.scoped(descriptor as AnyStateDescriptor);
  }
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT> {
    return this.scoped(descriptor as AnyStateDescriptor);
  }
}

/** Flink's WindowOperator.Context: trigger timers and state in the namespace of `window`. */
export class WindowTriggerContext<W extends Window> implements OnMergeContext {
  window!: W;
  /** The windows merged into `window`, during onMerge only. */
  mergedWindows: readonly W[] = [];
  constructor(
    private readonly backend: KeyedStateBackend,
    private readonly timers: InternalTimerService<W>,
    private readonly metrics: MetricGroupView,
  ) {}
  getCurrentProcessingTime(): number {
    return this.timers.currentProcessingTime();
  }
  getCurrentWatermark(): number {
    return this.timers.currentWatermark();
  }
  getMetricGroup(): MetricGroupView {
    return this.metrics;
  }
  registerProcessingTimeTimer(time: number): void {
    this.timers.registerProcessingTimeTimer(this.window, time);
  }
  registerEventTimeTimer(time: number): void {
    this.timers.registerEventTimeTimer(this.window, time);
  }
  deleteProcessingTimeTimer(time: number): void {
    this.timers.deleteProcessingTimeTimer(this.window, time);
  }
  deleteEventTimeTimer(time: number): void {
    this.timers.deleteEventTimeTimer(this.window, time);
  }
  getPartitionedState<S>(descriptor: AnyStateDescriptor): S;
  getPartitionedState(descriptor: AnyStateDescriptor): State {
    const state = stateOf(this.backend, descriptor);
    state.setCurrentNamespace(this.window);
    return state;
  }
  mergePartitionedState<T, ACC, OUT>(
    descriptor: ListStateDescriptor<T> | ReducingStateDescriptor<T> | AggregatingStateDescriptor<T, ACC, OUT>,
  ): void {
    if (this.mergedWindows.length === 0) return;
    const state = stateOf(this.backend, descriptor as AnyStateDescriptor);
    if (state.mergeNamespaces === undefined) {
      throw new Error(
        `Trigger state '${descriptor.name}' (${descriptor.kind}) cannot be merged when windows merge: use list, ` +
          'reducing or aggregating state in triggers of merging (session) windows',
      );
    }
    state.mergeNamespaces(this.window, this.mergedWindows);
  }
}

/** The ProcessWindowFunction context of the window being emitted or cleared. */
export class WindowProcessContext<W extends Window> implements ProcessWindowFunctionContext<W> {
  window_!: W;
  private readonly perWindow: NamespacedStateStore;
  private readonly global: NamespacedStateStore;
  constructor(
    backend: KeyedStateBackend,
    private readonly timers: InternalTimerService<W>,
    private readonly output_: Output<unknown>,
  ) {
    this.perWindow = new NamespacedStateStore(
      () => backend,
      () => this.window_,
    );
    this.global = new NamespacedStateStore(
      () => backend,
      () => VOID_NAMESPACE,
    );
  }
  window(): W {
    return this.window_;
  }
  currentProcessingTime(): number {
    return this.timers.currentProcessingTime();
  }
  currentWatermark(): number {
    return this.timers.currentWatermark();
  }
  windowState(): KeyedStateStore {
    return this.perWindow;
  }
  globalState(): KeyedStateStore {
    return this.global;
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    this.output_.collectSide(tag, value, this.window_.maxTimestamp());
  }
}
