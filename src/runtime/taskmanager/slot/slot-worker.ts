import { parentPort } from 'node:worker_threads';
import { type SerializedError, serializeError } from '../../deployment/task-deployment-descriptor.js';
import { type LoadedJob, loadJobModule } from '../../job-loading/load-job-module.js';
import { MetricRegistry } from '../../metrics/metric-registry.js';
import { operatorOf } from '../task/operator-host.js';
import { TaskMetrics } from '../task/task-metrics.js';
import type { FromSlotWorker, ToSlotWorker } from './slot-protocol.js';
import { type BuiltTask, TaskFactory } from './task-factory.js';

// Entry of a slot's worker thread. It loads the job module once (task mode), then runs every subtask the
// TaskExecutor deploys into this slot, each with its own mailbox loop, side by side on this thread.

const port = parentPort;
if (port === null) throw new Error('slot-worker.ts must run in a worker thread');

let factory: TaskFactory | undefined;
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
      loaded.then(
        (job) => {
          factory = new TaskFactory(job, message.testMode, registry);
          post({ kind: 'loaded' });
        },
        (error) => post({ kind: 'load-failed', error: errorOf(error) }),
      );
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
    built = factory!.build(tdd, message.channels, {
      toCoordinator: (nodeId, event) => post({ kind: 'operator-event', executionId, nodeId, event }),
      sendToClient: (collectId, values, last) => post({ kind: 'collect', collectId, values, last }),
    });
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
