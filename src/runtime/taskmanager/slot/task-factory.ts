import { autoWatermarkInterval } from '../../../api/eventtime/auto-watermark-interval.js';
import type { TaskInfo } from '../../../api/functions/runtime-context.js';
import { createRuntimeContext } from '../../../api/functions/streaming-runtime-context.js';
import type { SinkInitContext } from '../../../api/sink/sink.js';
import { durationOption } from '../../../core/config/duration-option.js';
import { computeKeyGroupRangeForOperatorIndex } from '../../../core/key-group.js';
import type { Codec } from '../../../core/types/codec.js';
import { GenericCodec } from '../../../core/types/generic-codec.js';
import type { JobVertex } from '../../../graph/job-graph.js';
import type { StreamEdge, StreamNode } from '../../../graph/stream-graph.js';
import type { CheckpointFailureReason } from '../../checkpoint/checkpoint-failure-counter.js';
import type { SubtaskStateHandle } from '../../checkpoint/checkpoint-metadata.js';
import type { TaskCheckpointSettings } from '../../checkpoint/task-checkpoint-settings.js';
import type { ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';
import type { ChannelSpec, TaskDeploymentDescriptor } from '../../deployment/task-deployment-descriptor.js';
import type { LoadedJob } from '../../job-loading/load-job-module.js';
import { TaskManagerMetricGroup, type TaskMetricGroup } from '../../metrics/component-metric-groups.js';
import type { MetricRegistry } from '../../metrics/metric-registry.js';
import type { ChannelReader, ChannelWriter } from '../../network/channel.js';
import { createChannelSelector } from '../../network/channel-selector.js';
import { InputGate } from '../../network/input-gate.js';
import {
  createLocalChannel,
  type LocalChannel,
  LocalChannelReader,
  LocalChannelWriter,
} from '../../network/local-channel.js';
import { OverdraftBudget } from '../../network/overdraft-budget.js';
import { RecordWriter } from '../../network/record-writer.js';
import type { NetworkEnvironment } from '../../network/remote/network-environment.js';
import { SharedChannelReader, SharedChannelWriter } from '../../network/shared-channel.js';
import {
  WATERMARK_STATUS_ACTIVE,
  WATERMARK_STATUS_IDLE,
  watermark as watermarkEvent,
} from '../../network/stream-event.js';
import {
  type CheckpointableKeyedStateBackend,
  type KeyedStateBackendOptions,
  keyedStateBackendFactory,
} from '../../state/keyed-state-backend-factory.js';
import { SystemProcessingTimeService } from '../../state/processing-time-service.js';
import { TimerServiceManager } from '../../state/timer-service-manager.js';
import { Mailbox } from '../mailbox/mailbox.js';
import { CheckpointBarrierHandler } from '../task/checkpoint-barrier-handler.js';
import { keyedContextOf } from '../task/keyed-context.js';
import {
  type ChainServices,
  type KeyedContext,
  type NetworkOutput,
  OperatorChain,
  type RestoredChainState,
} from '../task/operator-chain.js';
import { type GateBinding, StreamTask, type TaskCheckpointing } from '../task/stream-task.js';
import { type CheckpointMetricsReport, SubtaskCheckpointer } from '../task/subtask-checkpointer.js';
import { TaskInput } from '../task/task-input.js';
import type { ResolvedChannel } from './slot-protocol.js';
import { gateChannels, inFlightReplay } from './task-gates.js';

// Builds a runnable StreamTask for one deployment in a slot worker: channels (in-worker or shared memory), record
// writers with the edges' partitioners and codecs, input gates, keyed state and timers per keyed operator.

export interface TaskHooks {
  toCoordinator(nodeId: number, event: ReaderToCoordinatorEvent): void;
  sendToClient(collectId: string, values: unknown[], last: boolean): void;
  acknowledgeCheckpoint(
    checkpointId: number,
    handle: SubtaskStateHandle | undefined,
    metrics: CheckpointMetricsReport,
  ): void;
  declineCheckpoint(checkpointId: number, reason: CheckpointFailureReason, message: string): void;
  /** A source task read all its input and waits for its final checkpoint. */
  sourceEndOfInput(): void;
}

export interface BuiltTask {
  readonly task: StreamTask;
  readonly chain: OperatorChain;
  readonly mailbox: Mailbox;
  readonly processingTimeService: SystemProcessingTimeService;
  readonly taskNameWithSubtasks: string;
  readonly metrics: TaskMetricGroup;
  readonly checkpointer: SubtaskCheckpointer;
}

export class TaskFactory {
  /** Builds keyed state backends as `state.backend.type` says; a bad value fails the task with the key named. */
  private readonly createBackend: (options: KeyedStateBackendOptions) => CheckpointableKeyedStateBackend;
  /** Local channels of this worker by channel id: both ends (two tasks of this worker) share one object. */
  private readonly localChannels = new Map<string, LocalChannel>();

  constructor(
    private readonly job: LoadedJob,
    private readonly testMode: boolean,
    private readonly registry: MetricRegistry,
    private readonly checkpointing: TaskCheckpointSettings,
    /** The worker's sockets to other TaskManagers' workers. */
    private readonly network: NetworkEnvironment,
  ) {
    this.createBackend = keyedStateBackendFactory(job.jobGraph.config);
  }

  build(
    tdd: TaskDeploymentDescriptor,
    channels: Readonly<Record<string, ResolvedChannel>>,
    hooks: TaskHooks,
    restored?: RestoredChainState,
  ): BuiltTask {
    const vertex = this.vertex(tdd.vertexId);
    const mailbox = new Mailbox();
    const processingTimeService = new SystemProcessingTimeService({
      schedule: (run) => mailbox.execute(run, 'processing-time timer'),
    });
    const name = `${vertex.name} (${tdd.subtaskIndex + 1}/${vertex.parallelism})#${tdd.attemptNumber}`;
    const metrics = new TaskManagerMetricGroup(this.registry, 'localhost', tdd.slot.taskManagerId)
      .addJob(tdd.jobId, this.job.jobGraph.jobName)
      .addTask({
        vertexId: vertex.id,
        executionAttemptId: tdd.executionId,
        taskName: vertex.name,
        subtaskIndex: tdd.subtaskIndex,
        attemptNumber: tdd.attemptNumber,
      });
    const services = this.services(tdd, vertex, channels, hooks, mailbox, processingTimeService, metrics, restored);
    const chain = new OperatorChain(vertex, this.job.streamGraph, services);
    const checkpointer = new SubtaskCheckpointer(chain, this.checkpointing, vertex.id, tdd.subtaskIndex, {
      acknowledge: (id, handle, report) => hooks.acknowledgeCheckpoint(id, handle, report),
      decline: (id, reason, message) => hooks.declineCheckpoint(id, reason, message),
    });
    checkpointer.unalignedBarriers = this.checkpointing.mode === 'UNALIGNED';
    if (restored?.incrementalBase !== undefined) {
      checkpointer.continueChain(restored.checkpointId, restored.incrementalBase);
    }
    const gates = this.gates(tdd, vertex, chain, channels, checkpointer);
    // Flink 2.x: execution.buffer-timeout.enabled=false means buffers leave only when full (no flush timer).
    const config = this.job.jobGraph.config;
    const bufferTimeout =
      config['execution.buffer-timeout.enabled'] === 'false'
        ? -1
        : durationOption(config, 'execution.buffer-timeout.interval', 100);
    const taskCheckpointing: TaskCheckpointing = {
      checkpointer,
      finalCheckpoint: this.checkpointing.periodic,
      onEndOfInput: () => hooks.sourceEndOfInput(),
    };
    const graph = this.job.jobGraph;
    const replay = inFlightReplay(restored?.inFlight, tdd, vertex, graph, (id) => this.streamEdge(id), gates);
    const task = new StreamTask(
      name,
      chain,
      gates,
      mailbox,
      bufferTimeout,
      metrics.ioMetrics,
      taskCheckpointing,
      replay,
    );
    return { task, chain, mailbox, processingTimeService, taskNameWithSubtasks: name, metrics, checkpointer };
  }

  private vertex(id: string): JobVertex {
    const vertex = this.job.jobGraph.vertices.find((v) => v.id === id);
    if (vertex === undefined) throw new Error(`internal error: vertex ${id} is not in the job graph`);
    return vertex;
  }

  private services(
    tdd: TaskDeploymentDescriptor,
    vertex: JobVertex,
    channels: Readonly<Record<string, ResolvedChannel>>,
    hooks: TaskHooks,
    mailbox: Mailbox,
    processingTimeService: SystemProcessingTimeService,
    metrics: TaskMetricGroup,
    restored: RestoredChainState | undefined,
  ): ChainServices {
    const budget = new OverdraftBudget(overdraftBuffers(this.job.jobGraph.config));
    const taskInfo = (node: StreamNode): TaskInfo => ({
      taskName: node.name,
      taskNameWithSubtasks: `${vertex.name} (${tdd.subtaskIndex + 1}/${vertex.parallelism})#${tdd.attemptNumber}`,
      indexOfThisSubtask: tdd.subtaskIndex,
      numberOfParallelSubtasks: node.parallelism,
      maxNumberOfParallelSubtasks: node.maxParallelism,
      attemptNumber: tdd.attemptNumber,
    });
    return {
      subtaskIndex: tdd.subtaskIndex,
      mailbox,
      processingTimeService,
      autoWatermarkInterval: autoWatermarkInterval(this.job.jobGraph.config),
      testMode: this.testMode,
      restored,
      taskInfo,
      runtimeContext: (node, info, backend) =>
        createRuntimeContext(info, backend, metrics.getOrAddOperator(node.operatorId, node.name), tdd.jobId),
      createKeyedContext: (node): KeyedContext => {
        const keyGroupRange = computeKeyGroupRangeForOperatorIndex(
          node.maxParallelism,
          node.parallelism,
          tdd.subtaskIndex,
        );
        const backend = this.createBackend({ maxParallelism: node.maxParallelism, keyGroupRange });
        if (this.checkpointing.incremental !== undefined) backend.trackChanges();
        const manager = new TimerServiceManager({ processingTimeService, keyGroupRange });
        return keyedContextOf(backend, manager);
      },
      createNetworkOutput: (edge) => this.networkOutput(tdd, edge, channels, budget),
      sinkInitContext: (node): SinkInitContext => ({
        checkpointingEnabled: this.checkpointing.periodic,
        subtaskId: tdd.subtaskIndex,
        numberOfParallelSubtasks: node.parallelism,
        attemptNumber: tdd.attemptNumber,
        jobId: tdd.jobId,
        sendToClient: (collectId, values, last) => hooks.sendToClient(collectId, values, last),
      }),
      toCoordinator: (nodeId, event) => hooks.toCoordinator(nodeId, event),
    };
  }

  private codec(edge: StreamEdge): Codec<unknown> {
    return edge.type?.createCodec() ?? new GenericCodec();
  }

  private localChannel(id: string): LocalChannel {
    let channel = this.localChannels.get(id);
    if (channel === undefined) {
      channel = createLocalChannel({ name: id });
      this.localChannels.set(id, channel);
    }
    return channel;
  }

  private writer(
    spec: ChannelSpec,
    resolved: ResolvedChannel | undefined,
    edge: StreamEdge,
    budget: OverdraftBudget,
  ): ChannelWriter {
    if (resolved === undefined) throw new Error(`internal error: channel ${spec.channelId} was not resolved`);
    switch (resolved.kind) {
      case 'local':
        return new LocalChannelWriter(this.localChannel(spec.channelId), budget);
      case 'shared':
        return new SharedChannelWriter(resolved.descriptor, this.codec(edge), budget);
      case 'remote-output':
        return this.network.createWriter(this.job.jobGraph.jobId, spec.channelId, this.codec(edge), budget);
      case 'remote-input':
        throw new Error(`internal error: output channel ${spec.channelId} was resolved as an input`);
    }
  }

  private reader(spec: ChannelSpec, resolved: ResolvedChannel | undefined, edge: StreamEdge): ChannelReader {
    if (resolved === undefined) throw new Error(`internal error: channel ${spec.channelId} was not resolved`);
    switch (resolved.kind) {
      case 'local':
        return new LocalChannelReader(this.localChannel(spec.channelId));
      case 'shared':
        return new SharedChannelReader(resolved.descriptor, this.codec(edge));
      case 'remote-input':
        return this.network.createReader(this.job.jobGraph.jobId, spec.channelId, this.codec(edge), resolved.peer);
      case 'remote-output':
        throw new Error(`internal error: input channel ${spec.channelId} was resolved as an output`);
    }
  }

  private streamEdge(id: string): StreamEdge {
    const edge = this.job.streamGraph.edges.find((e) => e.id === id);
    if (edge === undefined) throw new Error(`internal error: stream edge ${id} is missing`);
    return edge;
  }

  private networkOutput(
    tdd: TaskDeploymentDescriptor,
    edge: StreamEdge,
    channels: Readonly<Record<string, ResolvedChannel>>,
    budget: OverdraftBudget,
  ): NetworkOutput {
    const spec = tdd.outputs.find((o) => o.edgeId === edge.id);
    if (spec === undefined) throw new Error(`internal error: no output channels for edge ${edge.id}`);
    const writers = spec.channels.map((c) => this.writer(c, channels[c.channelId], edge, budget));
    const target = this.job.streamGraph.nodes.get(edge.targetId)!;
    const recordWriter = new RecordWriter<unknown>(
      writers,
      createChannelSelector(edge.partitioner, target.maxParallelism),
    );
    return {
      edgeId: edge.id,
      collect: (value, timestamp) => recordWriter.emit(value, timestamp),
      emitWatermark: (wm) => recordWriter.broadcastEvent(watermarkEvent(wm), false),
      emitBarrier: (barrier) => {
        // An unaligned barrier goes twice: overtaking buffered data, and in band to mark where in-flight data ends.
        if (barrier.unaligned) recordWriter.broadcastEvent(barrier, true);
        recordWriter.broadcastEvent(barrier.unaligned ? { ...barrier, unaligned: false } : barrier, false);
      },
      emitWatermarkStatus: (idle) =>
        recordWriter.broadcastEvent(idle ? WATERMARK_STATUS_IDLE : WATERMARK_STATUS_ACTIVE, false),
      flushAll: () => recordWriter.flushAll(),
      isAvailable: () => recordWriter.isAvailable(),
      whenAvailable: () => recordWriter.whenAvailable(),
      close: () => recordWriter.close(),
      abort: () => recordWriter.abort(),
    };
  }

  private gates(
    tdd: TaskDeploymentDescriptor,
    vertex: JobVertex,
    chain: OperatorChain,
    channels: Readonly<Record<string, ResolvedChannel>>,
    checkpointer: SubtaskCheckpointer,
  ): GateBinding[] {
    if (chain.source !== undefined) return [];
    const head = chain.head;
    if (head === undefined)
      throw new Error(`internal error: vertex ${vertex.name} has neither a source nor a head operator`);
    const perInput: Array<{ inputIndex: 1 | 2; gate: InputGate; offset: number }> = [];
    let numChannels = 0;
    for (const inputIndex of [1, 2] as const) {
      const specs = tdd.inputs.filter((i) => i.inputIndex === inputIndex);
      if (specs.length === 0) continue;
      const readers: ChannelReader[] = [];
      for (const spec of specs) {
        const edge = this.streamEdge(spec.edgeId);
        for (const c of spec.channels) readers.push(this.reader(c, channels[c.channelId], edge));
      }
      perInput.push({ inputIndex, gate: new InputGate(readers), offset: numChannels });
      numChannels += readers.length;
    }
    const barriers = new CheckpointBarrierHandler(
      numChannels,
      this.checkpointing.mode,
      gateChannels(perInput),
      checkpointer,
    );
    checkpointer.resumeInput = () => barriers.resume();
    checkpointer.expectsChannelState = this.checkpointing.mode === 'UNALIGNED' && numChannels > 0;
    checkpointer.abortAlignment = (id) => barriers.abort(id);
    return perInput.map(({ inputIndex, gate, offset }) => ({
      gate,
      input: new TaskInput(head, inputIndex, gate.numberOfChannels, barriers, offset),
    }));
  }
}

/**
 * Flink's taskmanager.network.memory.max-overdraft-buffers-per-gate. Flink's default (5) relies on blocking the task
 * thread inside a record when output buffers run out; a JS task cannot block mid-record, so what one record (or one
 * timer) emits beyond credit must fit the overdraft: Weir's default is 64 buffers (2 MiB), still a hard bound.
 */
function overdraftBuffers(config: Readonly<Record<string, string>>): number {
  const key = 'taskmanager.network.memory.max-overdraft-buffers-per-gate';
  const raw = config[key];
  if (raw === undefined) return 64;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`Configuration '${key}' must be a whole number of buffers, got '${raw}'`);
  return n;
}
