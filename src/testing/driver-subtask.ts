import type { TaskInfo } from '../api/functions/runtime-context.js';
import { createRuntimeContext } from '../api/functions/streaming-runtime-context.js';
import { ManualMailbox, RecordingMetricGroup } from '../api/operators/operator-harness.js';
import type { ProcessingTimeService } from '../api/operators/timers.js';
import type { SinkInitContext } from '../api/sink/sink.js';
import { computeKeyGroupRangeForOperatorIndex } from '../core/key-group.js';
import type { JobVertex } from '../graph/job-graph.js';
import type { StreamEdge, StreamGraph, StreamNode } from '../graph/stream-graph.js';
import { connectedProducers } from '../runtime/network/connection-pattern.js';
import type { StreamEvent } from '../runtime/network/stream-event.js';
import { HeapKeyedStateBackend } from '../runtime/state/heap-keyed-state-backend.js';
import { TimerServiceManager } from '../runtime/state/timer-service-manager.js';
import { keyedContextOf } from '../runtime/taskmanager/task/keyed-context.js';
import {
  type ChainServices,
  type KeyedContext,
  type NetworkOutput,
  OperatorChain,
} from '../runtime/taskmanager/task/operator-chain.js';
import { TaskInput } from '../runtime/taskmanager/task/task-input.js';
import type { KeyedPart } from './keyed-state-view.js';

// One subtask of a job under the JobTestDriver: the real OperatorChain of its vertex, a mailbox, and an inbox that
// stands in for its input gates. Records and events from other subtasks wait in the inbox until the driver's loop
// hands them to the chain one at a time, after the chain's pending emissions (lazy flatMaps, sliced timers) and its
// mail, in the order the StreamTask loop uses. Contract: test thread only, driven by JobTestDriver.

/** What the driver provides to every subtask. */
export interface DriverServices {
  readonly jobId: string;
  readonly clock: ProcessingTimeService;
  readonly testMode: boolean;
  readonly autoWatermarkInterval: number;
  createNetworkOutput(edge: StreamEdge, producerIndex: number): NetworkOutput;
}

/** Event-loop turns a finishing subtask may take (async results arriving) before the driver gives up. */
const MAX_FINISH_TURNS = 10_000;

interface InboxEntry {
  readonly input: TaskInput;
  readonly channel: number;
  readonly value: unknown;
  readonly timestamp: number;
  /** Set for events (watermarks, end of partition); records have none. */
  readonly event: StreamEvent | undefined;
}

export class DriverSubtask {
  readonly chain: OperatorChain;
  readonly mailbox = new ManualMailbox();
  /** Keyed state and timers of the chain's keyed operators, by stream node id. */
  readonly keyed = new Map<number, KeyedPart>();
  private readonly inbox: InboxEntry[] = [];
  private inboxHead = 0;
  /** Input (1 or 2) and channel index of each (edge id, producer subtask), as the input gates number them. */
  private readonly channels = new Map<string, { input: TaskInput; channel: number }>();
  private readonly inputs: TaskInput[] = [];
  private readonly endedInputs = new Set<TaskInput>();
  opened = false;
  finished = false;

  constructor(
    readonly vertex: JobVertex,
    private readonly graph: StreamGraph,
    readonly subtaskIndex: number,
    private readonly services: DriverServices,
  ) {
    this.chain = new OperatorChain(vertex, graph, this.chainServices());
    if (this.chain.head !== undefined) this.bindInputs(this.chain.head.inputs);
  }

  get name(): string {
    return `${this.vertex.name} (${this.subtaskIndex + 1}/${this.vertex.parallelism})`;
  }

  /** The head node when it is a source (the driver feeds its output), else undefined. */
  get sourceNode(): StreamNode | undefined {
    const node = this.graph.nodes.get(this.vertex.chain[0].nodeId);
    return node?.transformation.kind === 'source' ? node : undefined;
  }

  /** True once every input channel delivered end-of-partition (never for a source subtask). */
  get inputsEnded(): boolean {
    return this.inputs.length > 0 && this.inputs.every((input) => input.ended);
  }

  /** Opens the operators tail first, as the chain does; the source operator is not opened (the driver feeds it). */
  open(): void {
    const operators = this.chain.operators;
    for (let i = operators.length - 1; i >= 0; i--) operators[i].open();
    this.opened = true;
  }

  deliverRecord(edgeId: string, producer: number, value: unknown, timestamp: number): void {
    const { input, channel } = this.channel(edgeId, producer);
    this.inbox.push({ input, channel, value, timestamp, event: undefined });
  }

  deliverEvent(edgeId: string, producer: number, event: StreamEvent): void {
    const { input, channel } = this.channel(edgeId, producer);
    this.inbox.push({ input, channel, value: undefined, timestamp: 0, event });
  }

  /** One unit of work: mail, else pending emissions, else one inbox entry. False when there was nothing to do. */
  step(): boolean {
    if (this.mailbox.drain() > 0) return true;
    if (!this.chain.pending.isEmpty) {
      this.chain.pending.drain(Number.POSITIVE_INFINITY);
      return true;
    }
    if (this.inboxHead >= this.inbox.length) {
      if (this.inboxHead > 0) this.inbox.length = this.inboxHead = 0;
      return false;
    }
    const entry = this.inbox[this.inboxHead++];
    if (entry.event === undefined) {
      entry.input.onRecord(entry.value, entry.timestamp, entry.channel);
      return true;
    }
    entry.input.onEvent(entry.event, entry.channel);
    if (entry.input.ended && !this.endedInputs.has(entry.input)) {
      this.endedInputs.add(entry.input);
      this.chain.head?.endInput(this.chain.head.inputs === 2 ? entry.input.inputIndex : 1);
    }
    return true;
  }

  /** End of input: each operator, in chain order, gets endInput and finish; `quiesce` runs the job in between. */
  async finish(quiesce: () => void): Promise<void> {
    this.finished = true;
    // An operator may finish only once its async results came in through the mailbox (AsyncWaitOperator), so the
    // job keeps running between event-loop turns until finishing settles, as StreamTask runs mail meanwhile.
    const work = this.chain.endInputAndFinish(async () => quiesce());
    let settled = false;
    const done = () => {
      settled = true;
    };
    work.then(done, done);
    for (let turn = 0; !settled; turn++) {
      if (turn === MAX_FINISH_TURNS) {
        throw new Error(`${this.name} did not finish within ${MAX_FINISH_TURNS} event-loop turns (a hung finish()?)`);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      quiesce();
    }
    await work;
    // Consumers see end-of-partition after everything this subtask emitted.
    for (const out of this.chain.networkOutputs) out.close();
  }

  /** Closes every operator (not the driver-fed source); returns the first error. */
  async close(): Promise<unknown> {
    let first: unknown;
    for (const op of this.chain.operators) {
      try {
        await op.close();
      } catch (error) {
        first ??= error;
      }
    }
    return first;
  }

  private channel(edgeId: string, producer: number): { input: TaskInput; channel: number } {
    const found = this.channels.get(`${edgeId}/${producer}`);
    if (found === undefined) throw new Error(`internal error: ${this.name} has no channel for ${edgeId}/${producer}`);
    return found;
  }

  /** Numbers the channels of each input as the task factory does: edges of the input in order, producers within. */
  private bindInputs(numInputs: 1 | 2): void {
    const head = this.chain.head!;
    const headNode = this.graph.nodes.get(this.vertex.chain[0].nodeId)!;
    for (let inputIndex = 1 as 1 | 2; inputIndex <= numInputs; inputIndex++) {
      const keys: string[] = [];
      for (const edge of headNode.inEdges) {
        if (edge.inputIndex !== inputIndex) continue;
        const producer = this.graph.nodes.get(edge.sourceId)!;
        const kind = edge.partitioner.kind;
        const p1 = producer.parallelism;
        for (const p of connectedProducers(kind, this.subtaskIndex, p1, headNode.parallelism)) {
          keys.push(`${edge.id}/${p}`);
        }
      }
      const input = new TaskInput(head, inputIndex, keys.length);
      keys.forEach((key, channel) => this.channels.set(key, { input, channel }));
      this.inputs.push(input);
    }
  }

  private chainServices(): ChainServices {
    const { services, subtaskIndex, vertex } = this;
    const taskInfo = (node: StreamNode): TaskInfo => ({
      taskName: node.name,
      taskNameWithSubtasks: `${vertex.name} (${subtaskIndex + 1}/${vertex.parallelism})#0`,
      indexOfThisSubtask: subtaskIndex,
      numberOfParallelSubtasks: node.parallelism,
      maxNumberOfParallelSubtasks: node.maxParallelism,
      attemptNumber: 0,
    });
    return {
      subtaskIndex,
      mailbox: this.mailbox,
      processingTimeService: services.clock,
      autoWatermarkInterval: services.autoWatermarkInterval,
      testMode: services.testMode,
      restored: undefined,
      taskInfo,
      runtimeContext: (_node, info, backend) =>
        createRuntimeContext(info, backend, new RecordingMetricGroup(), services.jobId),
      createKeyedContext: (node) => this.keyedContext(node),
      createNetworkOutput: (edge) => services.createNetworkOutput(edge, subtaskIndex),
      sinkInitContext: (node): SinkInitContext => ({
        subtaskId: subtaskIndex,
        numberOfParallelSubtasks: node.parallelism,
        attemptNumber: 0,
        checkpointingEnabled: false,
        jobId: services.jobId,
        sendToClient: () => {
          throw new Error(
            `Sink '${node.name}' sends its records to a client (executeAndCollect), which a JobTestDriver does not ` +
              'run: write to t.sink(name) instead and read driver.output(name).',
          );
        },
      }),
      toCoordinator: () => {},
    };
  }

  private keyedContext(node: StreamNode): KeyedContext {
    const range = computeKeyGroupRangeForOperatorIndex(node.maxParallelism, node.parallelism, this.subtaskIndex);
    const backend = new HeapKeyedStateBackend({ maxParallelism: node.maxParallelism, keyGroupRange: range });
    const manager = new TimerServiceManager({ processingTimeService: this.services.clock, keyGroupRange: range });
    this.keyed.set(node.id, { backend, timers: manager });
    return keyedContextOf(backend, manager);
  }
}
