// The component groups of Flink's metric system: JobManager → job, and TaskManager → job → task → operator. Each
// formats its system scope from the registry's scope formats and carries a QueryScope for snapshots.
import { type MetricClock, monotonicClock } from './metric.js';
import { MetricGroup } from './metric-group.js';
import type { MetricRegistry } from './metric-registry.js';
import { OperatorIOMetricGroup } from './operator-io-metric-group.js';
import { queryScopeName } from './query-scope.js';
import type { ScopeKind } from './scope-format.js';
import { TaskIOMetricGroup } from './task-io-metric-group.js';

/** Flink's METRICS_OPERATOR_NAME_MAX_LENGTH: longer operator names are cut in scopes and metric names. */
export const METRICS_OPERATOR_NAME_MAX_LENGTH = 80;

function scopeOf(registry: MetricRegistry, kind: ScopeKind, vars: Record<string, string>, parent?: MetricGroup) {
  const all = { ...(parent?.getAllVariables() ?? {}), ...vars };
  return registry.scopeFormats.get(kind).format(all, parent?.getScopeComponents());
}

/** Root of a JobManager's metrics (scope metrics.scope.jm). */
export class JobManagerMetricGroup extends MetricGroup {
  constructor(registry: MetricRegistry, hostname: string) {
    const variables = { '<host>': hostname };
    super({
      registry,
      scopeComponents: scopeOf(registry, 'jm', variables),
      variables,
      queryScope: { kind: 'jobmanager' },
      logicalName: 'jobmanager',
    });
  }

  addJob(jobId: string, jobName: string): JobManagerJobMetricGroup {
    return this.child(`#job/${jobId}`, () => new JobManagerJobMetricGroup(this, jobId, jobName));
  }
}

/** A job's metrics on the JobManager (scope metrics.scope.jm-job): restarts, checkpoint statistics. */
export class JobManagerJobMetricGroup extends MetricGroup {
  constructor(
    parent: JobManagerMetricGroup,
    readonly jobId: string,
    readonly jobName: string,
  ) {
    const variables = { '<job_id>': jobId, '<job_name>': jobName };
    super({
      registry: parent.registry,
      parent,
      scopeComponents: scopeOf(parent.registry, 'jm-job', variables, parent),
      variables,
      queryScope: { kind: 'job', jobId },
      logicalName: 'job',
    });
  }
}

/** Root of a TaskManager's metrics (scope metrics.scope.tm). Each slot worker builds its own copy of this root. */
export class TaskManagerMetricGroup extends MetricGroup {
  constructor(
    registry: MetricRegistry,
    readonly hostname: string,
    readonly taskManagerId: string,
  ) {
    const variables = { '<host>': hostname, '<tm_id>': taskManagerId };
    super({
      registry,
      scopeComponents: scopeOf(registry, 'tm', variables),
      variables,
      queryScope: { kind: 'taskmanager', taskManagerId },
      logicalName: 'taskmanager',
    });
  }

  /** The job's group, created on first use. */
  addJob(jobId: string, jobName: string): TaskManagerJobMetricGroup {
    return this.child(`#job/${jobId}`, () => new TaskManagerJobMetricGroup(this, jobId, jobName));
  }
}

/** What a task's metric group needs to know about the task (Flink: ExecutionAttemptID and TaskInformation). */
export interface TaskMetricInfo {
  readonly vertexId: string;
  readonly executionAttemptId: string;
  readonly taskName: string;
  readonly subtaskIndex: number;
  readonly attemptNumber: number;
}

/** A job's metrics on a TaskManager (scope metrics.scope.tm-job). */
export class TaskManagerJobMetricGroup extends MetricGroup {
  constructor(
    parent: TaskManagerMetricGroup,
    readonly jobId: string,
    readonly jobName: string,
  ) {
    const variables = { '<job_id>': jobId, '<job_name>': jobName };
    super({
      registry: parent.registry,
      parent,
      scopeComponents: scopeOf(parent.registry, 'tm-job', variables, parent),
      variables,
      queryScope: { kind: 'job', jobId },
      logicalName: 'job',
    });
  }

  addTask(info: TaskMetricInfo, clock: MetricClock = monotonicClock): TaskMetricGroup {
    return this.child(`#task/${info.executionAttemptId}`, () => new TaskMetricGroup(this, info, clock));
  }

  /** Closes the task's group; the job's group closes with its last task, as in Flink. */
  removeTask(executionAttemptId: string): void {
    this.getGroups().get(`#task/${executionAttemptId}`)?.close();
    const anyTask = [...this.getGroups().values()].some((g) => g instanceof TaskMetricGroup);
    if (!anyTask) this.close();
  }
}

/** A subtask's metrics (scope metrics.scope.task), including the standard IO metrics. */
export class TaskMetricGroup extends MetricGroup {
  readonly ioMetrics: TaskIOMetricGroup;
  readonly jobId: string;
  private readonly clock: MetricClock;

  constructor(
    parent: TaskManagerJobMetricGroup,
    readonly info: TaskMetricInfo,
    clock: MetricClock = monotonicClock,
  ) {
    const variables = {
      '<task_id>': info.vertexId,
      '<task_attempt_id>': info.executionAttemptId,
      '<task_name>': info.taskName,
      '<subtask_index>': String(info.subtaskIndex),
      '<task_attempt_num>': String(info.attemptNumber),
    };
    super({
      registry: parent.registry,
      parent,
      scopeComponents: scopeOf(parent.registry, 'task', variables, parent),
      variables,
      queryScope: {
        kind: 'task',
        jobId: parent.jobId,
        vertexId: info.vertexId,
        subtaskIndex: info.subtaskIndex,
        attemptNumber: info.attemptNumber,
      },
      logicalName: 'task',
    });
    this.jobId = parent.jobId;
    this.clock = clock;
    this.ioMetrics = new TaskIOMetricGroup(this, clock);
  }

  getIOMetricGroup(): TaskIOMetricGroup {
    return this.ioMetrics;
  }

  /** The operator's group, created on first use; the name is cut to 80 characters as in Flink. */
  getOrAddOperator(operatorId: string, operatorName: string): OperatorMetricGroup {
    return this.child(`#operator/${operatorId}`, () => new OperatorMetricGroup(this, operatorId, operatorName));
  }

  /** The clock the IO metrics use, for operator groups created below. */
  getClock(): MetricClock {
    return this.clock;
  }
}

/** An operator's metrics within a subtask (scope metrics.scope.operator). */
export class OperatorMetricGroup extends MetricGroup {
  readonly ioMetrics: OperatorIOMetricGroup;
  readonly operatorName: string;

  constructor(
    parent: TaskMetricGroup,
    readonly operatorId: string,
    operatorName: string,
  ) {
    const name =
      operatorName.length > METRICS_OPERATOR_NAME_MAX_LENGTH
        ? operatorName.slice(0, METRICS_OPERATOR_NAME_MAX_LENGTH)
        : operatorName;
    if (name !== operatorName) {
      parent.registry.warn(
        `The operator name '${operatorName}' exceeded the ${METRICS_OPERATOR_NAME_MAX_LENGTH} characters length limit and was truncated.`,
      );
    }
    const variables = { '<operator_id>': operatorId, '<operator_name>': name };
    const task = parent.info;
    super({
      registry: parent.registry,
      parent,
      scopeComponents: scopeOf(parent.registry, 'operator', variables, parent),
      variables,
      queryScope: {
        kind: 'operator',
        jobId: parent.jobId,
        vertexId: task.vertexId,
        subtaskIndex: task.subtaskIndex,
        attemptNumber: task.attemptNumber,
        operatorName: queryScopeName(name),
      },
      logicalName: 'operator',
    });
    this.operatorName = name;
    this.ioMetrics = new OperatorIOMetricGroup(this, parent.getClock());
  }

  getIOMetricGroup(): OperatorIOMetricGroup {
    return this.ioMetrics;
  }
}
