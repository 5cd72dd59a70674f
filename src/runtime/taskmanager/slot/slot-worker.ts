import { parentPort } from 'node:worker_threads';
import { SHARED_PATH_PREFIX, type SharedStateFile } from '../../checkpoint/checkpoint-metadata.js';
import type { OperatorSubtaskState } from '../../checkpoint/subtask-state.js';
import { decodeSubtaskState } from '../../checkpoint/subtask-state-codec.js';
import { readCheckpointSettings, type TaskCheckpointSettings } from '../../checkpoint/task-checkpoint-settings.js';
import {
  type SerializedError,
  serializeError,
  type TaskRestoreSpec,
} from '../../deployment/task-deployment-descriptor.js';
import { type LoadedJob, loadJobModule } from '../../job-loading/load-job-module.js';
import { MetricRegistry } from '../../metrics/metric-registry.js';
import type { KeyedStateSnapshot } from '../../state/heap-keyed-state-backend.js';
import type { RestoredChainState } from '../task/operator-chain.js';
import { operatorOf } from '../task/operator-host.js';
import { IN_FLIGHT_STATE_ID } from '../task/subtask-checkpointer.js';
import { TaskMetrics } from '../task/task-metrics.js';
import type { FromSlotWorker, ToSlotWorker } from './slot-protocol.js';
import { type BuiltTask, TaskFactory } from './task-factory.js';

// Entry of a slot's worker thread. It loads the job module once (task mode), then runs every subtask the
// TaskExecutor deploys into this slot, each with its own mailbox loop, side by side on this thread.

const port = parentPort;
if (port === null) throw new Error('slot-worker.ts must run in a worker thread');

let factory: TaskFactory | undefined;
let checkpointSettings: TaskCheckpointSettings | undefined;
/** The worker's metrics (Flink's scopes and names); its view tick updates the per-second rates. */
// Long operator names are cut for metric identifiers, as in Flink; a warning per window operator would be noise.
const registry = new MetricRegistry({ onWarning: () => {} });
registry.start();
let loaded: Promise<LoadedJob> | undefined;
const tasks = new Map<string, BuiltTask>();
const metrics = new Map<string, TaskMetrics>();
/** Cancellations that arrived before their task was built (deployment is asynchronous). */
const canceledEarly = new Set<string>();
const METRICS_INTERVAL_MS = 1000;

// Metrics leave the worker once per interval, never per record; the timer must not keep the worker alive.
setInterval(() => {
  for (const [executionId, m] of metrics) post({ kind: 'metrics', executionId, metrics: m.sample() });
}, METRICS_INTERVAL_MS).unref();

function post(message: FromSlotWorker): void {
  port!.postMessage(message);
}

function errorOf(error: unknown, taskName?: string): SerializedError {
  return serializeError(error, taskName, operatorOf(error));
}

port.on('message', (message: ToSlotWorker) => {
  switch (message.kind) {
    case 'init':
      loaded = loadJobModule(message.info);
      loaded
        .then((job) => {
          // Bad configuration (checkpointing, state backend) fails here, with the key named.
          checkpointSettings = readCheckpointSettings(job.jobGraph.config, job.jobGraph.jobId);
          factory = new TaskFactory(job, message.testMode, registry, checkpointSettings);
          post({ kind: 'loaded' });
        })
        .catch((error) => post({ kind: 'load-failed', error: errorOf(error) }));
      return;
    case 'deploy':
      void deploy(message);
      return;
    case 'cancel': {
      const built = tasks.get(message.executionId);
      if (built === undefined) canceledEarly.add(message.executionId);
      else built.task.cancel();
      return;
    }
    case 'trigger-checkpoint': {
      const checkpointer = tasks.get(message.executionId)?.checkpointer;
      const { trigger, isSource } = message;
      if (checkpointer === undefined) {
        // The task ended or was never built here: it cannot take part.
        post({
          kind: 'checkpoint-decline',
          executionId: message.executionId,
          checkpointId: trigger.checkpointId,
          reason: 'CHECKPOINT_DECLINED_TASK_NOT_READY',
          message: 'the task is not running',
        });
        return;
      }
      tasks
        .get(message.executionId)!
        .mailbox.execute(() => checkpointer.onTrigger(trigger, isSource), 'trigger checkpoint');
      return;
    }
    case 'notify-checkpoint': {
      const built = tasks.get(message.executionId);
      if (built === undefined) return;
      const checkpointer = built.checkpointer;
      built.mailbox.execute(
        () => checkpointer.onNotify(message.checkpointId, message.complete),
        'checkpoint notification',
      );
      return;
    }
    case 'operator-event': {
      const built = tasks.get(message.executionId);
      const source = built?.chain.source;
      if (built === undefined || source === undefined) return;
      built.mailbox.execute(() => source.handleOperatorEvent(message.event), 'operator event');
      return;
    }
    default: {
      const never: never = message;
      throw new Error(`unknown slot message ${JSON.stringify(never)}`);
    }
  }
});

async function deploy(message: Extract<ToSlotWorker, { kind: 'deploy' }>): Promise<void> {
  const { tdd } = message;
  const executionId = tdd.executionId;
  let built: BuiltTask | undefined;
  try {
    await loaded;
    if (canceledEarly.delete(executionId)) {
      post({ kind: 'task-state', executionId, state: 'CANCELED' });
      return;
    }
    post({ kind: 'task-state', executionId, state: 'INITIALIZING' });
    const restored = tdd.restore === undefined ? undefined : await readRestoredState(tdd.restore, tdd.subtaskIndex);
    built = factory!.build(
      tdd,
      message.channels,
      {
        toCoordinator: (nodeId, event) => post({ kind: 'operator-event', executionId, nodeId, event }),
        sendToClient: (collectId, values, last) => post({ kind: 'collect', collectId, values, last }),
        acknowledgeCheckpoint: (checkpointId, handle, report) =>
          post({ kind: 'checkpoint-ack', executionId, checkpointId, handle, metrics: report }),
        declineCheckpoint: (checkpointId, reason, text) =>
          post({ kind: 'checkpoint-decline', executionId, checkpointId, reason, message: text }),
        sourceEndOfInput: () => post({ kind: 'source-end-of-input', executionId }),
      },
      restored,
    );
    tasks.set(executionId, built);
    metrics.set(executionId, new TaskMetrics(built.task, built.chain, built.metrics));
    const task = built.task;
    if (canceledEarly.delete(executionId)) task.cancel();
    await task.invoke(() => post({ kind: 'task-state', executionId, state: 'RUNNING' }));
    post({ kind: 'metrics', executionId, metrics: metrics.get(executionId)!.sample() });
    post({ kind: 'task-state', executionId, state: task.isCanceled ? 'CANCELED' : 'FINISHED' });
  } catch (error) {
    if (built?.task.isCanceled) post({ kind: 'task-state', executionId, state: 'CANCELED' });
    else post({ kind: 'task-state', executionId, state: 'FAILED', error: errorOf(error, built?.taskNameWithSubtasks) });
  } finally {
    built?.processingTimeService.shutdown();
    built?.metrics.close();
    tasks.delete(executionId);
    metrics.delete(executionId);
  }
}

/**
 * Incremental checkpoints: the keyed state of the files a handle builds on (the full base first, then each increment),
 * by operator id. Timers and operator state come from the handle's own file alone.
 */
async function readChain(
  pointer: string,
  chain: readonly SharedStateFile[],
): Promise<Map<string, KeyedStateSnapshot[]>> {
  const storage = checkpointSettings!.storage;
  const bases = new Map<string, KeyedStateSnapshot[]>();
  for (const file of chain) {
    const decoded = decodeSubtaskState(await storage.readState(pointer, file), `${pointer}/${file.path}`);
    for (const [operatorId, state] of decoded) {
      if (state.keyed === undefined) continue;
      const list = bases.get(operatorId) ?? [];
      list.push(state.keyed);
      bases.set(operatorId, list);
    }
  }
  return bases;
}

/** Reads and decodes the state files of the old subtasks this subtask takes over. */
async function readRestoredState(spec: TaskRestoreSpec, subtaskIndex: number): Promise<RestoredChainState> {
  const storage = checkpointSettings!.storage;
  const operators = new Map<string, (OperatorSubtaskState | undefined)[]>();
  for (const [operatorId, parallelism] of Object.entries(spec.operatorParallelism)) {
    operators.set(operatorId, new Array<OperatorSubtaskState | undefined>(parallelism).fill(undefined));
  }
  let inFlight: Map<number, readonly unknown[]> | undefined;
  let incrementalBase: SharedStateFile[] | undefined;
  for (const handle of spec.handles) {
    const own = spec.handles.length === 1 && handle.subtaskIndex === subtaskIndex;
    if (own && handle.path.startsWith(SHARED_PATH_PREFIX) && (await storage.isOwnCheckpoint(spec.pointer))) {
      incrementalBase = [...(handle.chain ?? []), { path: handle.path, sizeBytes: handle.sizeBytes }];
    }
    const where = `${spec.pointer}/${handle.path}`;
    const bases = await readChain(spec.pointer, handle.chain ?? []);
    const decoded = decodeSubtaskState(await storage.readState(spec.pointer, handle), where);
    for (const [operatorId, state] of decoded) {
      const states = operators.get(operatorId);
      const keyedBase = bases.get(operatorId);
      if (states !== undefined) states[handle.subtaskIndex] = keyedBase === undefined ? state : { ...state, keyedBase };
    }
    const channels = decoded.get(IN_FLIGHT_STATE_ID)?.operator?.lists;
    if (channels === undefined || channels.size === 0) continue;
    if (spec.handles.length !== 1 || handle.subtaskIndex !== subtaskIndex) {
      throw new Error(
        `Checkpoint ${spec.checkpointId} at '${spec.pointer}' is unaligned and holds records in flight ` +
          `('${where}'); Weir cannot restore those at another parallelism yet. Restore at the old parallelism, or ` +
          'take a savepoint with unaligned checkpoints off (execution.checkpointing.unaligned.enabled: false) first.',
      );
    }
    inFlight = new Map();
    for (const [name, list] of channels) inFlight.set(Number(name.slice('channel-'.length)), list.values);
  }
  return { checkpointId: spec.checkpointId, operators, inFlight, incrementalBase };
}
