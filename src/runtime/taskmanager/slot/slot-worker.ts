import { parentPort } from 'node:worker_threads';
import { readCheckpointSettings, type TaskCheckpointSettings } from '../../checkpoint/task-checkpoint-settings.js';
import { type SerializedError, serializeError } from '../../deployment/task-deployment-descriptor.js';
import { type LoadedJob, loadJobModule } from '../../job-loading/load-job-module.js';
import { MetricRegistry } from '../../metrics/metric-registry.js';
import { type DataAddress, NetworkEnvironment, type RemotePeer } from '../../network/remote/network-environment.js';
import { operatorOf } from '../task/operator-host.js';
import { TaskMetrics } from '../task/task-metrics.js';
import { readRestoredState } from './restored-state-reader.js';
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
/** Data-address requests posted to the TaskExecutor, by request id. */
const addressRequests = new Map<number, { resolve(address: DataAddress): void; reject(error: Error): void }>();
let nextAddressRequest = 1;
const tasks = new Map<string, BuiltTask>();
const metrics = new Map<string, TaskMetrics>();
/** Cancellations that arrived before their task was built (deployment is asynchronous). */
const canceledEarly = new Set<string>();
const METRICS_INTERVAL_MS = 1000;

// Metrics leave the worker once per interval, never per record; the timer must not keep the worker alive.
setInterval(() => {
  for (const [executionId, m] of metrics) post({ kind: 'metrics', executionId, metrics: m.sample() });
}, METRICS_INTERVAL_MS).unref();

/** Consumer channels ask the TaskExecutor (which asks the producer's TaskExecutor) where a producer listens. */
function resolveDataAddress(jobId: string, peer: RemotePeer): Promise<DataAddress> {
  const requestId = nextAddressRequest++;
  return new Promise((resolve, reject) => {
    addressRequests.set(requestId, { resolve, reject });
    post({ kind: 'resolve-data-address', requestId, jobId, peer });
  });
}

function post(message: FromSlotWorker): void {
  port!.postMessage(message);
}

function errorOf(error: unknown, taskName?: string): SerializedError {
  return serializeError(error, taskName, operatorOf(error));
}

port.on('message', (message: ToSlotWorker) => {
  switch (message.kind) {
    case 'init': {
      const env = new NetworkEnvironment(message.network, resolveDataAddress);
      loaded = loadJobModule(message.info);
      Promise.all([loaded, env.start()])
        .then(([job, dataPort]) => {
          // Bad configuration (checkpointing, state backend) fails here, with the key named.
          checkpointSettings = readCheckpointSettings(job.jobGraph.config, job.jobGraph.jobId);
          factory = new TaskFactory(job, message.testMode, registry, checkpointSettings, env);
          post({ kind: 'loaded', dataPort });
        })
        .catch((error) => post({ kind: 'load-failed', error: errorOf(error) }));
      return;
    }
    case 'data-address': {
      const request = addressRequests.get(message.requestId);
      addressRequests.delete(message.requestId);
      if (message.error !== undefined || message.host === undefined || message.port === undefined) {
        request?.reject(new Error(message.error ?? 'no data address'));
      } else {
        request?.resolve({ host: message.host, port: message.port });
      }
      return;
    }
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
    const restored =
      tdd.restore === undefined
        ? undefined
        : await readRestoredState(checkpointSettings!.storage, tdd.restore, tdd.vertexId, tdd.subtaskIndex);
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
