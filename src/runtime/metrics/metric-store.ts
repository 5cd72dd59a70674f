import type { MetricSnapshot, MetricSnapshotEntry, MetricValue } from './metric-snapshot.js';

export type ComponentMetrics = ReadonlyMap<string, MetricValue>;

interface SubtaskMetrics {
  attemptNumber: number;
  readonly metrics: Map<string, MetricValue>;
}

interface TaskMetrics {
  /** Flink's web-UI naming: "<subtask>.<metric>" and "<subtask>.<operator>.<metric>". */
  readonly metrics: Map<string, MetricValue>;
  readonly subtasks: Map<number, SubtaskMetrics>;
}

interface JobMetrics {
  readonly metrics: Map<string, MetricValue>;
  readonly tasks: Map<string, TaskMetrics>;
}

/**
 * Flink's MetricStore on the JobManager side: the latest value of every metric, filed by job → vertex → subtask
 * (and TaskManager, JobManager), fed with snapshots from TaskExecutors and queried by REST handlers and the CLI
 * status line. A subtask keeps only its newest attempt: values from an older attempt are ignored, a newer attempt
 * replaces the old one's values.
 *
 * Thread: the JobManager's (or TaskExecutor's) main thread; add() and the getters never run concurrently.
 */
export class MetricStore {
  private readonly jobManager = new Map<string, MetricValue>();
  private readonly taskManagers = new Map<string, Map<string, MetricValue>>();
  private readonly jobs = new Map<string, JobMetrics>();

  add(snapshot: MetricSnapshot): void {
    for (const entry of snapshot.entries) this.addEntry(entry);
  }

  getJobManagerMetrics(): ComponentMetrics {
    return this.jobManager;
  }

  getTaskManagerMetrics(taskManagerId: string): ComponentMetrics | undefined {
    return this.taskManagers.get(taskManagerId);
  }

  getJobMetrics(jobId: string): ComponentMetrics | undefined {
    return this.jobs.get(jobId)?.metrics;
  }

  /** A vertex's metrics named "<subtask>.<metric>" and "<subtask>.<operator>.<metric>", as Flink's REST shows them. */
  getTaskMetrics(jobId: string, vertexId: string): ComponentMetrics | undefined {
    return this.jobs.get(jobId)?.tasks.get(vertexId)?.metrics;
  }

  /** One subtask's metrics: task metrics by name, operator metrics as "<operator>.<metric>". */
  getSubtaskMetrics(jobId: string, vertexId: string, subtaskIndex: number): ComponentMetrics | undefined {
    return this.jobs.get(jobId)?.tasks.get(vertexId)?.subtasks.get(subtaskIndex)?.metrics;
  }

  getSubtaskAttempt(jobId: string, vertexId: string, subtaskIndex: number): number | undefined {
    return this.jobs.get(jobId)?.tasks.get(vertexId)?.subtasks.get(subtaskIndex)?.attemptNumber;
  }

  removeJob(jobId: string): void {
    this.jobs.delete(jobId);
  }

  /** Drops jobs not in `jobIds` (Flink's MetricStore.retainJobs, called as jobs leave the dispatcher). */
  retainJobs(jobIds: Iterable<string>): void {
    const keep = new Set(jobIds);
    for (const id of [...this.jobs.keys()]) if (!keep.has(id)) this.jobs.delete(id);
  }

  removeTaskManager(taskManagerId: string): void {
    this.taskManagers.delete(taskManagerId);
  }

  retainTaskManagers(taskManagerIds: Iterable<string>): void {
    const keep = new Set(taskManagerIds);
    for (const id of [...this.taskManagers.keys()]) if (!keep.has(id)) this.taskManagers.delete(id);
  }

  private addEntry(entry: MetricSnapshotEntry): void {
    const scope = entry.scope;
    switch (scope.kind) {
      case 'jobmanager':
        putAll(this.jobManager, entry.metrics, '');
        return;
      case 'taskmanager':
        putAll(
          getOrCreate(this.taskManagers, scope.taskManagerId, () => new Map()),
          entry.metrics,
          '',
        );
        return;
      case 'job':
        putAll(this.job(scope.jobId).metrics, entry.metrics, '');
        return;
      case 'task':
      case 'operator': {
        const task = getOrCreate(this.job(scope.jobId).tasks, scope.vertexId, newTask);
        const subtask = this.subtask(task, scope.subtaskIndex, scope.attemptNumber);
        if (subtask === undefined) return; // a late snapshot of an older attempt
        const prefix = scope.kind === 'operator' ? `${scope.operatorName}.` : '';
        putAll(subtask.metrics, entry.metrics, prefix);
        putAll(task.metrics, entry.metrics, `${scope.subtaskIndex}.${prefix}`);
        return;
      }
      default: {
        const never: never = scope;
        throw new Error(`Unknown metric scope: ${JSON.stringify(never)}`);
      }
    }
  }

  private job(jobId: string): JobMetrics {
    return getOrCreate(this.jobs, jobId, () => ({ metrics: new Map(), tasks: new Map() }));
  }

  private subtask(task: TaskMetrics, index: number, attempt: number): SubtaskMetrics | undefined {
    const existing = task.subtasks.get(index);
    if (existing === undefined) {
      const created = { attemptNumber: attempt, metrics: new Map<string, MetricValue>() };
      task.subtasks.set(index, created);
      return created;
    }
    if (attempt < existing.attemptNumber) return undefined;
    if (attempt > existing.attemptNumber) {
      existing.attemptNumber = attempt;
      existing.metrics.clear();
      const prefix = `${index}.`;
      for (const key of [...task.metrics.keys()]) if (key.startsWith(prefix)) task.metrics.delete(key);
    }
    return existing;
  }
}

function newTask(): TaskMetrics {
  return { metrics: new Map(), subtasks: new Map() };
}

function putAll(target: Map<string, MetricValue>, metrics: Record<string, MetricValue>, prefix: string): void {
  for (const name in metrics) target.set(prefix + name, metrics[name]);
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
