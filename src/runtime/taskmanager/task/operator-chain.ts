import { isWatermarkStrategy } from '../../../api/eventtime/watermark-strategy.js';
import type { RuntimeContext, TaskInfo } from '../../../api/functions/runtime-context.js';
import type {
  MailboxExecutor,
  StreamOperator,
  StreamOperatorParameters,
} from '../../../api/operators/stream-operator.js';
import type { InternalTimerService, ProcessingTimeService, Triggerable } from '../../../api/operators/timers.js';
import type { SinkInitContext } from '../../../api/sink/sink.js';
import { isCheckpointListener } from '../../../api/state/checkpointing.js';
import type { KeyedStateBackend } from '../../../api/state/keyed-state-backend.js';
import type { KeyFn } from '../../../api/transformations.js';
import type { ChainedNode, JobVertex } from '../../../graph/job-graph.js';
import type { StreamEdge, StreamGraph, StreamNode } from '../../../graph/stream-graph.js';
import type { KeyedSnapshotMode, OperatorSubtaskState } from '../../checkpoint/subtask-state.js';
import type { ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';
import type { CheckpointBarrierEvent } from '../../network/stream-event.js';
import type { KeyedStateSnapshot } from '../../state/heap-keyed-state-backend.js';
import type { TimersSnapshot } from '../../state/timer-service-manager.js';
import { ChainingOutput, type EdgeOutput, FreezingChainingOutput, OperatorOutput } from './chain-outputs.js';
import { ChainState, type RestoredChainState } from './chain-state.js';

export type { RestoredChainState } from './chain-state.js';

import { type EventTimeTimers, OperatorHost } from './operator-host.js';
import { PendingEmissions } from './pending-emissions.js';
import { SinkWriterOperator } from './sink-writer-operator.js';
import { SourceOperator } from './source-operator.js';

// Builds the operators of one subtask's chain and wires them (Flink's OperatorChain): chained edges become direct
// calls, network edges become record-writer outputs, side outputs are routed by tag. Operators are created from the
// transformations' factories, so every subtask gets its own instances.

/** The keyed context of one keyed operator: its state backend and timers. */
export interface KeyedContext {
  readonly backend: KeyedStateBackend;
  readonly timers: EventTimeTimers & {
    getInternalTimerService<N>(name: string, triggerable: Triggerable<unknown, N>): InternalTimerService<N>;
  };
  /** Timers are always complete; keyed state is full, or an increment with incremental checkpoints. */
  snapshot(mode: KeyedSnapshotMode): { keyed: KeyedStateSnapshot; timers: TimersSnapshot };
  /** Incremental checkpoints: whether the next checkpoint must be full, and that a checkpoint completed. */
  requiresFullSnapshot(): boolean;
  confirmCheckpoint(checkpointId: number): void;
  /** Adds the key groups (and timers) of an old subtask's snapshot that this subtask owns. */
  restore(keyed: KeyedStateSnapshot | undefined, timers: TimersSnapshot | undefined): void;
}

/** A network output of the chain: a record writer for one JobEdge. */
export interface NetworkOutput extends EdgeOutput {
  readonly edgeId: string;
  flushAll(): void;
  /** Sends the barrier on every channel (in band: after every record emitted before it). */
  emitBarrier(barrier: CheckpointBarrierEvent): void;
  isAvailable(): boolean;
  whenAvailable(): Promise<void>;
  /** Ends the exchange normally: consumers see end-of-partition. */
  close(): void;
  /** Ends it after a failure or cancellation: consumers must not take the partition as complete. */
  abort(): void;
}

/** What the chain needs from its task. */
export interface ChainServices {
  readonly subtaskIndex: number;
  readonly mailbox: MailboxExecutor;
  readonly processingTimeService: ProcessingTimeService;
  /** pipeline.auto-watermark-interval in ms (periodic watermark generators in sources). */
  readonly autoWatermarkInterval: number;
  readonly testMode: boolean;
  taskInfo(node: StreamNode): TaskInfo;
  runtimeContext(node: StreamNode, taskInfo: TaskInfo, backend: KeyedStateBackend | undefined): RuntimeContext;
  createKeyedContext(node: StreamNode): KeyedContext;
  createNetworkOutput(edge: StreamEdge): NetworkOutput;
  sinkInitContext(node: StreamNode): SinkInitContext;
  toCoordinator(nodeId: number, event: ReaderToCoordinatorEvent): void;
  /** The state to start from after a failure or from a savepoint; undefined for a fresh start. */
  readonly restored: RestoredChainState | undefined;
}

export class OperatorChain {
  /** Chain order (head first); every operator but a source head has a host. */
  readonly hosts: OperatorHost[] = [];
  readonly operators: StreamOperator<unknown>[] = [];
  readonly outputs: OperatorOutput[] = [];
  readonly networkOutputs: NetworkOutput[] = [];
  readonly sinks: SinkWriterOperator[] = [];
  /** Lazily emitted values (generators) still to go out before the next input. */
  readonly pending = new PendingEmissions();
  readonly source: SourceOperator | undefined;
  /** The host of the chain's head when the head reads from the network. */
  readonly head: OperatorHost | undefined;
  private readonly hostByNode = new Map<number, OperatorHost>();
  /** Every operator's checkpointed state (keyed, operator state, the source's splits), head first. */
  private readonly state: ChainState;

  constructor(
    readonly vertex: JobVertex,
    private readonly graph: StreamGraph,
    private readonly services: ChainServices,
  ) {
    this.state = new ChainState(services.restored, services.subtaskIndex);
    // Build from the tail so that every chained target exists before the operator that feeds it.
    let source: SourceOperator | undefined;
    for (let i = vertex.chain.length - 1; i >= 0; i--) {
      const chained = vertex.chain[i];
      const node = this.node(chained.nodeId);
      const output = this.buildOutput(chained);
      if (node.transformation.kind === 'source') {
        const strategy = node.transformation.watermarkStrategy;
        source = new SourceOperator(
          node.transformation.source,
          services.subtaskIndex,
          node.parallelism,
          output,
          (event) => services.toCoordinator(node.id, event),
          // Without a strategy (collection sources) records keep the reader's timestamps and no watermarks flow.
          isWatermarkStrategy(strategy)
            ? {
                strategy,
                processingTimeService: services.processingTimeService,
                autoWatermarkInterval: services.autoWatermarkInterval,
                sourceName: node.name,
              }
            : undefined,
        );
        this.state.add(node, undefined, undefined);
      } else {
        this.buildOperator(node, output);
      }
      this.outputs.unshift(output);
    }
    this.hosts.reverse();
    this.operators.reverse();
    this.source = source;
    this.head = source === undefined ? this.hostByNode.get(vertex.chain[0].nodeId) : undefined;
  }

  private node(id: number): StreamNode {
    const node = this.graph.nodes.get(id);
    if (node === undefined)
      throw new Error(`internal error: stream node ${id} of vertex ${this.vertex.name} is missing`);
    return node;
  }

  private edge(id: string): StreamEdge {
    const edge = this.graph.edges.find((e) => e.id === id);
    if (edge === undefined) throw new Error(`internal error: stream edge ${id} is missing`);
    return edge;
  }

  private buildOutput(chained: ChainedNode): OperatorOutput {
    const main: EdgeOutput[] = [];
    const side = new Map<string, EdgeOutput[]>();
    const add = (edge: StreamEdge, out: EdgeOutput) => {
      if (edge.sideOutputTag === undefined) main.push(out);
      else side.set(edge.sideOutputTag, [...(side.get(edge.sideOutputTag) ?? []), out]);
    };
    for (const edgeId of chained.chainedOutEdges) {
      const edge = this.edge(edgeId);
      const target = this.hostByNode.get(edge.targetId);
      if (target === undefined) throw new Error(`internal error: chained target ${edge.targetId} not built`);
      add(edge, this.services.testMode ? new FreezingChainingOutput(target) : new ChainingOutput(target));
    }
    for (const edgeId of chained.networkOutEdges) {
      const edge = this.edge(edgeId);
      const out = this.services.createNetworkOutput(edge);
      this.networkOutputs.push(out);
      add(edge, out);
    }
    return new OperatorOutput(main, side, this.pending);
  }

  private buildOperator(node: StreamNode, output: OperatorOutput): void {
    const t = node.transformation;
    let operator: StreamOperator<unknown>;
    let inputs: 1 | 2 = 1;
    let key1: KeyFn | undefined;
    let key2: KeyFn | undefined;
    if (t.kind === 'sink') {
      const sink = new SinkWriterOperator(t.sink, this.services.sinkInitContext(node));
      this.sinks.push(sink);
      operator = sink;
    } else if (t.kind === 'one-input') {
      operator = t.operatorFactory();
      key1 = t.keySelector;
    } else if (t.kind === 'two-input') {
      operator = t.operatorFactory();
      inputs = 2;
      key1 = t.keySelector1;
      key2 = t.keySelector2;
    } else {
      throw new Error(`internal error: a ${t.kind} node cannot run inside a chain`);
    }
    const keyed = key1 !== undefined || key2 !== undefined ? this.services.createKeyedContext(node) : undefined;
    if (keyed !== undefined) {
      for (const old of this.state.restoredStates(node.operatorId)) {
        for (const base of old?.keyedBase ?? []) keyed.restore(base, undefined);
        keyed.restore(old?.keyed, old?.timers);
      }
    }
    this.state.add(node, operator, keyed);
    const host = new OperatorHost(node.name, operator, inputs, key1, key2, keyed?.backend, keyed?.timers, this.pending);
    const taskInfo = this.services.taskInfo(node);
    const parameters: StreamOperatorParameters<unknown> = {
      output,
      runtimeContext: this.services.runtimeContext(node, taskInfo, keyed?.backend),
      keyedStateBackend: keyed?.backend,
      processingTimeService: this.services.processingTimeService,
      mailboxExecutor: this.services.mailbox,
      getInternalTimerService: <N>(name: string, triggerable: Triggerable<unknown, N>) => {
        if (keyed === undefined) {
          throw new Error(`Timers can only be used on a keyed stream, i.e. after keyBy() (operator '${node.name}').`);
        }
        return keyed.timers.getInternalTimerService(name, triggerable);
      },
    };
    operator.setup(parameters);
    this.hostByNode.set(node.id, host);
    this.hosts.push(host);
    this.operators.push(operator);
  }

  /** Opens operators from the tail to the head, so each is ready before records reach it. */
  open(): void {
    this.state.initialize(this.source);
    for (let i = this.operators.length - 1; i >= 0; i--) this.operators[i].open();
    this.source?.open();
  }

  /** Flink's prepareSnapshotPreBarrier, head to tail; only sinks usually have something to await. */
  async prepareSnapshotPreBarrier(checkpointId: number): Promise<void> {
    for (const op of this.operators) {
      const pending = op.prepareSnapshotPreBarrier?.(checkpointId);
      if (pending !== undefined) await pending;
    }
  }

  /** The synchronous part of a checkpoint: every operator's state as plain data, by operator id. */
  snapshotState(checkpointId: number, timestamp: number, mode: KeyedSnapshotMode): Map<string, OperatorSubtaskState> {
    return this.state.snapshot(checkpointId, timestamp, this.source, mode);
  }

  requiresFullSnapshot(): boolean {
    return this.state.requiresFullSnapshot();
  }

  confirmCheckpoint(checkpointId: number): void {
    this.state.confirmCheckpoint(checkpointId);
  }

  hasKeyedState(): boolean {
    return this.state.hasKeyedState();
  }

  advanceToEndOfEventTime(): void {
    this.source?.emitFinalWatermark();
  }

  broadcastBarrier(barrier: CheckpointBarrierEvent): void {
    for (const out of this.networkOutputs) out.emitBarrier(barrier);
  }

  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    this.source?.notifyCheckpointComplete(checkpointId);
    for (const op of this.operators) {
      const pending = op.notifyCheckpointComplete?.(checkpointId);
      if (pending !== undefined) await pending;
      const fn = op.userFunction;
      if (isCheckpointListener(fn)) await fn.notifyCheckpointComplete(checkpointId);
    }
  }

  notifyCheckpointAborted(checkpointId: number): void {
    for (const op of this.operators) {
      op.notifyCheckpointAborted?.(checkpointId);
      const fn = op.userFunction;
      if (isCheckpointListener(fn)) fn.notifyCheckpointAborted?.(checkpointId);
    }
  }

  /** The first operator that refuses input right now (async I/O at capacity, a busy sink), if any. */
  inputBlocked(): Promise<void> | undefined {
    for (const op of this.operators) {
      const blocked = op.inputBlocked?.();
      if (blocked !== undefined) return blocked;
    }
    return undefined;
  }

  outputsAvailable(): boolean {
    for (const out of this.networkOutputs) if (!out.isAvailable()) return false;
    return true;
  }

  whenOutputsAvailable(): Promise<void> {
    const waiting = this.networkOutputs.filter((o) => !o.isAvailable()).map((o) => o.whenAvailable());
    return Promise.all(waiting).then(() => undefined);
  }

  flushOutputs(): void {
    for (const out of this.networkOutputs) out.flushAll();
  }

  /**
   * End of all input: each operator in chain order sees endInput and finishes (and what it emitted lazily is out)
   * before the next one does.
   */
  async endInputAndFinish(drainPending: () => Promise<void>): Promise<void> {
    for (let i = 0; i < this.hosts.length; i++) {
      if (i > 0 || this.source !== undefined) this.hosts[i].endInput(1);
      await this.hosts[i].operator.finish();
      await drainPending();
    }
  }

  /** Closes every operator; network outputs end normally only when the task completed (`aborted` false). */
  async close(aborted: boolean): Promise<void> {
    let first: unknown;
    const attempt = async (fn: () => void | Promise<void>) => {
      try {
        await fn();
      } catch (error) {
        first ??= error;
      }
    };
    if (this.source !== undefined) await attempt(() => this.source!.close());
    for (const op of this.operators) await attempt(() => op.close());
    for (const out of this.networkOutputs) await attempt(() => (aborted ? out.abort() : out.close()));
    if (first !== undefined) throw first;
  }
}
