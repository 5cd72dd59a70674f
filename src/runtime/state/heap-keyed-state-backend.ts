import type {
  AggregatingStateDescriptor,
  AnyStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../api/state/descriptors.js';
import type { KeyedStateBackend } from '../../api/state/keyed-state-backend.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../../api/state/state.js';
import { assignToKeyGroup, type KeyGroupRange } from '../../core/key-group.js';
import { ChangeHistory } from './change-history.js';
import { HeapAggregatingState, HeapReducingState } from './heap-appending-state.js';
import { HeapListState } from './heap-list-state.js';
import { HeapMapState } from './heap-map-state.js';
import { HeapTtlAggregatingState, HeapTtlReducingState } from './heap-ttl-appending-state.js';
import { HeapTtlListState } from './heap-ttl-list-state.js';
import { HeapTtlMapState } from './heap-ttl-map-state.js';
import { HeapTtlValueState } from './heap-ttl-value-state.js';
import { HeapValueState } from './heap-value-state.js';
import type { InternalKeyContext } from './internal-key-context.js';
import { KeyContext } from './key-context.js';
import { describeKey, type NormalizedKey, normalizeKey, normalizeNamespace } from './key-normalizer.js';
import { type StateKind, type StateSnapshot, StateTable } from './state-table.js';
import { SYSTEM_TTL_TIME, TtlPolicy, type TtlTimeProvider } from './ttl-value.js';

export interface HeapKeyedStateBackendOptions {
  readonly maxParallelism: number;
  /** The key groups this subtask owns. */
  readonly keyGroupRange: KeyGroupRange;
  /**
   * Processing time for state TTL (descriptors' enableTimeToLive); defaults to Date.now. Tests pass a manual
   * clock; a task may pass its processing-time service's clock. Read on the task thread only.
   */
  readonly clock?: TtlTimeProvider;
}

/** Keyed state of some key groups as plain data (for checkpoints, savepoints and rescaling). */
export interface KeyedStateSnapshot {
  readonly maxParallelism: number;
  readonly states: ReadonlyMap<string, StateSnapshot>;
  /** The declared value type of each state (TypeInformation.describe()), for states that declared one. */
  readonly schemas?: ReadonlyMap<string, string>;
}

type AnyState =
  | HeapValueState<unknown>
  | HeapListState<unknown>
  | HeapMapState<unknown, unknown>
  | HeapReducingState<unknown>
  | HeapAggregatingState<unknown, unknown, unknown>
  | HeapTtlValueState<unknown>
  | HeapTtlListState<unknown>
  | HeapTtlMapState<unknown, unknown>
  | HeapTtlReducingState<unknown>
  | HeapTtlAggregatingState<unknown, unknown, unknown>;

/** A TTL state whose incremental cleanup also runs on every record (runCleanupForEveryRecord). */
interface PerRecordCleanup {
  readonly table: StateTable;
  readonly policy: TtlPolicy;
}

/**
 * Keyed state on the JS heap (Flink's HeapKeyedStateBackend), one per keyed operator in a subtask. State lives per
 * key group, so snapshots, restores and rescaling work by key-group range; the key groups written since the last
 * markClean() are tracked for incremental snapshots. Values are stored by reference, never copied or serialized
 * on access: records and state values must not be mutated behind the state's back (see the state classes).
 * Contract: every method runs on the task thread; setCurrentKey runs once per keyed record or timer and computes
 * the normalized key and key group once for all state accesses that follow.
 */
export class HeapKeyedStateBackend implements KeyedStateBackend, InternalKeyContext {
  readonly maxParallelism: number;
  readonly keyGroupRange: KeyGroupRange;
  private readonly context: KeyContext;
  private readonly tables = new Map<string, StateTable>();
  private readonly states = new Map<string, AnyState>();
  /** Declared types by state name: of registered states, and of restored ones not registered yet. */
  private readonly schemas = new Map<string, string>();
  private readonly restoredSchemas = new Map<string, string>();
  private readonly clock: TtlTimeProvider;
  /** Null until a TTL state asks for per-record cleanup, so setCurrentKey pays one null check without TTL. */
  private perRecordCleanup: PerRecordCleanup[] | null = null;
  /** Incremental checkpoints: whether tables record their changed keys (trackChanges). */
  private tracking = false;
  /** Incremental checkpoints: the changes of unconfirmed checkpoint snapshots. */
  private readonly changeHistory = new ChangeHistory();

  constructor(options: HeapKeyedStateBackendOptions) {
    const { maxParallelism, keyGroupRange } = options;
    if (!Number.isInteger(maxParallelism) || maxParallelism < 1) {
      throw new RangeError(`HeapKeyedStateBackend: maxParallelism must be a positive integer, got ${maxParallelism}`);
    }
    if (keyGroupRange.numberOfKeyGroups < 1 || keyGroupRange.endKeyGroup >= maxParallelism) {
      throw new RangeError(
        `HeapKeyedStateBackend: key-group range ${keyGroupRange} must be non-empty and within 0..${maxParallelism - 1}`,
      );
    }
    this.clock = options.clock ?? SYSTEM_TTL_TIME;
    this.maxParallelism = maxParallelism;
    this.keyGroupRange = keyGroupRange;
    this.context = new KeyContext(keyGroupRange.startKeyGroup, keyGroupRange.numberOfKeyGroups);
  }

  setCurrentKey(key: unknown): void {
    const normalized = normalizeKey(key);
    this.setCurrentKeyWithGroup(key, normalized, assignToKeyGroup(key, this.maxParallelism));
  }

  setCurrentKeyWithGroup(key: unknown, normalizedKey: NormalizedKey, keyGroup: number): void {
    const context = this.context;
    const offset = keyGroup - context.startKeyGroup;
    if (offset < 0 || offset >= context.numberOfKeyGroups) throw this.outOfRange(key, keyGroup);
    context.key = key;
    context.normalizedKey = normalizedKey;
    context.keyGroup = keyGroup;
    context.offset = offset;
    if (this.perRecordCleanup !== null) this.cleanupForRecord(this.perRecordCleanup);
  }

  /** Flink's key-selection listener of incremental TTL cleanup: runs per record and timer, once the key is set. */
  private cleanupForRecord(cleanups: PerRecordCleanup[]): void {
    const now = this.clock.now();
    for (let i = 0; i < cleanups.length; i++) {
      const { table, policy } = cleanups[i];
      table.cleanupExpired(policy.cleanupSize, now);
    }
  }

  getCurrentKey(): unknown {
    return this.context.key;
  }

  getCurrentNormalizedKey(): NormalizedKey {
    return this.context.normalizedKey;
  }

  getCurrentKeyGroupIndex(): number {
    return this.context.keyGroup;
  }

  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.getOrCreate(descriptor) as ValueState<T>;
  }

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.getOrCreate(descriptor) as ListState<T>;
  }

  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    return this.getOrCreate(descriptor) as MapState<K, V>;
  }

  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.getOrCreate(descriptor as ReducingStateDescriptor<unknown>) as ReducingState<T>;
  }

  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT> {
    return this.getOrCreate(descriptor as AggregatingStateDescriptor<unknown, unknown, unknown>) as AggregatingState<
      IN,
      OUT
    >;
  }

  /** Keys with state under `stateName` (only in `namespace` when given); values equal to the users' keys. */
  getKeys(stateName: string, namespace?: unknown): Iterable<unknown> {
    const table = this.tables.get(stateName);
    if (table === undefined) return [];
    return table.keys(namespace === undefined ? undefined : normalizeNamespace(namespace));
  }

  /** Number of (key, namespace) entries of a state, or of all states; for tests and metrics. */
  numEntries(stateName?: string): number {
    if (stateName !== undefined) return this.tables.get(stateName)?.size() ?? 0;
    let count = 0;
    for (const table of this.tables.values()) count += table.size();
    return count;
  }

  /** Key groups whose state changed (or was handed out by reference) since the last markClean(), ascending. */
  dirtyKeyGroups(): number[] {
    return this.context.dirtyKeyGroups();
  }

  markClean(): void {
    this.context.markClean();
  }

  /** Incremental checkpoints: from now on every table records the keys written (call before processing starts). */
  trackChanges(): void {
    this.tracking = true;
    for (const table of this.tables.values()) table.trackChanges();
  }

  /** Whether the next checkpoint must be full: a change happened that increments cannot express. */
  requiresFullSnapshot(): boolean {
    return this.changeHistory.requiresFull(this.tables.values());
  }

  /**
   * The keyed state of checkpoint `checkpointId`: full when `base` is undefined, else only what changed since
   * checkpoint `base` (which must be the last confirmed one): puts of changed keys and tombstones of removed ones.
   * Either way the changes recorded so far are kept for later increments until a newer checkpoint is confirmed.
   */
  snapshotForCheckpoint(checkpointId: number, base: number | undefined): KeyedStateSnapshot {
    if (!this.tracking) throw new Error('snapshotForCheckpoint needs trackChanges() first (a Weir bug)');
    const history = this.changeHistory;
    history.record(checkpointId, this.tables);
    if (base === undefined) {
      history.requiresFull(this.tables.values());
      history.onFullSnapshot(checkpointId);
      return this.snapshotKeyGroups();
    }
    history.checkBase(checkpointId, base, this.tables.values());
    const states = new Map<string, StateSnapshot>();
    for (const [name, table] of this.tables) states.set(name, table.snapshotChanges(history.takesSince(base, name)));
    return this.withSchemas(states);
  }

  /** Checkpoint `checkpointId` completed: later increments build on it; older recorded changes are dropped. */
  confirmCheckpoint(checkpointId: number): void {
    this.changeHistory.confirm(checkpointId);
  }

  /**
   * Snapshot of the key groups in `range` (default: all of this subtask's) as of now. Copy-on-write: key groups are
   * materialized when read (the encoder's slices) or copied for the task when it touches them first, so taking the
   * snapshot costs no copy of the state; see `materializeKeyedSnapshot` for a plain-data copy.
   */
  snapshotKeyGroups(range: KeyGroupRange = this.keyGroupRange): KeyedStateSnapshot {
    const states = new Map<string, StateSnapshot>();
    for (const [name, table] of this.tables) states.set(name, table.snapshot(range.startKeyGroup, range.endKeyGroup));
    return this.withSchemas(states);
  }

  private withSchemas(states: Map<string, StateSnapshot>): KeyedStateSnapshot {
    const schemas = new Map([...this.restoredSchemas, ...this.schemas]);
    return schemas.size === 0
      ? { maxParallelism: this.maxParallelism, states }
      : { maxParallelism: this.maxParallelism, states, schemas };
  }

  /**
   * Adds the key groups of `snapshot` that this subtask owns; the others are skipped, so after rescaling every new
   * subtask can be handed every old snapshot that overlaps its range. Call before processing starts; restoring
   * several snapshots merges them. The snapshot's containers are copied, its values are taken by reference.
   */
  restoreKeyGroups(snapshot: KeyedStateSnapshot): void {
    if (snapshot.maxParallelism !== this.maxParallelism) {
      throw new Error(
        `Cannot restore keyed state taken with maxParallelism ${snapshot.maxParallelism} into a backend with ` +
          `maxParallelism ${this.maxParallelism}: max parallelism is fixed by the first run and kept with the state. ` +
          'Set the operator max parallelism (pipeline.max-parallelism) back to the old value.',
      );
    }
    for (const [name, state] of snapshot.states) this.tableFor(name, state.kind).restore(state);
    for (const [name, schema] of snapshot.schemas ?? []) {
      if (this.schemas.has(name)) this.checkSchema(name, schema, this.schemas.get(name)!);
      else this.restoredSchemas.set(name, schema);
    }
  }

  /**
   * Weir does not migrate state: a state restored with one declared type and registered with another is refused
   * (Flink: StateMigrationException for incompatible serializers). Undeclared types are not compared.
   */
  private checkSchema(name: string, restored: string, declared: string): void {
    if (restored === declared) return;
    throw new Error(
      `State '${name}' was checkpointed with type ${restored} but is now declared as ${declared}. Weir does not ` +
        'migrate state: declare the old type again, or give the new state another name (and start it empty; restore ' +
        'with allowNonRestoredState if its operator changed).',
    );
  }

  dispose(): void {
    for (const table of this.tables.values()) table.clearAll();
    this.tables.clear();
    this.states.clear();
    this.perRecordCleanup = null;
    this.context.markClean();
  }

  private getOrCreate(descriptor: AnyStateDescriptor): AnyState {
    const schema = schemaOf(descriptor);
    if (schema !== undefined && !this.schemas.has(descriptor.name)) {
      const restored = this.restoredSchemas.get(descriptor.name);
      if (restored !== undefined) this.checkSchema(descriptor.name, restored, schema);
      this.restoredSchemas.delete(descriptor.name);
      this.schemas.set(descriptor.name, schema);
    }
    const existing = this.states.get(descriptor.name);
    if (existing !== undefined) {
      this.tableFor(descriptor.name, descriptor.kind);
      return existing;
    }
    const table = this.tableFor(descriptor.name, descriptor.kind);
    const config = descriptor.ttlConfig;
    const policy = config === undefined ? undefined : new TtlPolicy(config, this.clock);
    table.setTtl(policy);
    const state = policy === undefined ? createState(descriptor, table) : createTtlState(descriptor, table, policy);
    if (policy?.cleanupForEveryRecord) (this.perRecordCleanup ??= []).push({ table, policy });
    this.states.set(descriptor.name, state);
    return state;
  }

  private tableFor(name: string, kind: StateKind): StateTable {
    const table = this.tables.get(name);
    if (table === undefined) {
      const created = new StateTable(name, kind, this.context, this.clock);
      if (this.tracking) created.trackChanges();
      this.tables.set(name, created);
      return created;
    }
    if (table.kind !== kind) {
      throw new Error(
        `State '${name}' is already registered as ${table.kind} state and cannot be used as ${kind} state; ` +
          'give each state descriptor of an operator its own name.',
      );
    }
    return table;
  }

  private outOfRange(key: unknown, keyGroup: number): Error {
    const range = this.keyGroupRange;
    return new Error(
      `Key ${describeKey(key)} belongs to key group ${keyGroup}, outside this subtask's key groups ` +
        `[${range.startKeyGroup}, ${range.endKeyGroup}] (maxParallelism ${this.maxParallelism}). The record was ` +
        'routed to the wrong subtask: a Weir bug, or a key object that changed after keyBy computed it ' +
        '(keys must be immutable).',
    );
  }
}

/** The declared type of a state's values (for map state, of keys and values), undefined when undeclared. */
function schemaOf(descriptor: AnyStateDescriptor): string | undefined {
  if (descriptor.kind === 'map') {
    const key = descriptor.keyType?.describe();
    const value = descriptor.type?.describe();
    return key === undefined && value === undefined ? undefined : `Map<${key ?? 'any'}, ${value ?? 'any'}>`;
  }
  return descriptor.type?.describe();
}

/** The one place state objects without TTL are built: bare values in the table, no TTL checks on access. */
function createState(descriptor: AnyStateDescriptor, table: StateTable): AnyState {
  switch (descriptor.kind) {
    case 'value':
      return new HeapValueState(table, descriptor.defaultValue);
    case 'list':
      return new HeapListState(table);
    case 'map':
      return new HeapMapState(table);
    case 'reducing':
      return new HeapReducingState(table, descriptor.reduceFunction);
    case 'aggregating':
      return new HeapAggregatingState(table, descriptor.aggregateFunction);
    default: {
      const unknownKind: never = descriptor;
      throw new Error(`Unknown state descriptor kind: ${(unknownKind as { kind: string }).kind}`);
    }
  }
}

/** State objects with TTL: values stored with their last-access time (ttl-value.ts). */
function createTtlState(descriptor: AnyStateDescriptor, table: StateTable, policy: TtlPolicy): AnyState {
  switch (descriptor.kind) {
    case 'value':
      return new HeapTtlValueState(table, policy, descriptor.defaultValue);
    case 'list':
      return new HeapTtlListState(table, policy);
    case 'map':
      return new HeapTtlMapState(table, policy);
    case 'reducing':
      return new HeapTtlReducingState(table, policy, descriptor.reduceFunction);
    case 'aggregating':
      return new HeapTtlAggregatingState(table, policy, descriptor.aggregateFunction);
    default: {
      const unknownKind: never = descriptor;
      throw new Error(`Unknown state descriptor kind: ${(unknownKind as { kind: string }).kind}`);
    }
  }
}

/** A plain-data copy of a snapshot (every key group materialized), e.g. to compare or keep it in tests. */
export function materializeKeyedSnapshot(snapshot: KeyedStateSnapshot): KeyedStateSnapshot {
  const states = new Map<string, StateSnapshot>();
  for (const [name, state] of snapshot.states) {
    states.set(name, {
      kind: state.kind,
      keyGroups: state.keyGroups.map((g) => {
        const removed = g.removed === undefined ? {} : { removed: [...g.removed] };
        return g.ttlTimestamps === undefined
          ? { keyGroup: g.keyGroup, entries: [...g.entries], ...removed }
          : { keyGroup: g.keyGroup, entries: [...g.entries], ttlTimestamps: [...g.ttlTimestamps], ...removed };
      }),
    });
  }
  return { maxParallelism: snapshot.maxParallelism, states };
}
