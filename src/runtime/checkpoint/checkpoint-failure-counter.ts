// Counts consecutive checkpoint failures against `execution.checkpointing.tolerable-failed-checkpoints` and says
// when the job must fail, as Flink's CheckpointFailureManager does: only failures of the checkpoint itself count
// (not shutdowns, subsumption or "too soon" requests), each checkpoint counts once, failures of checkpoints older
// than the latest success are ignored, and a success resets the count. Savepoint failures never count.
// Single-threaded: the JobMaster thread calls every method.

/** Flink's CheckpointFailureReason names. */
export type CheckpointFailureReason =
  | 'IO_EXCEPTION'
  | 'CHECKPOINT_ASYNC_EXCEPTION'
  | 'CHECKPOINT_DECLINED'
  | 'CHECKPOINT_EXPIRED'
  | 'FINALIZE_CHECKPOINT_FAILURE'
  | 'PERIODIC_SCHEDULER_SHUTDOWN'
  | 'TOO_MANY_CHECKPOINT_REQUESTS'
  | 'MINIMUM_TIME_BETWEEN_CHECKPOINTS'
  | 'NOT_ALL_REQUIRED_TASKS_RUNNING'
  | 'CHECKPOINT_SUBSUMED'
  | 'CHECKPOINT_COORDINATOR_SUSPEND'
  | 'CHECKPOINT_COORDINATOR_SHUTDOWN'
  | 'CHANNEL_STATE_SHARED_STREAM_EXCEPTION'
  | 'JOB_FAILOVER_REGION'
  | 'CHECKPOINT_DECLINED_TASK_NOT_READY'
  | 'CHECKPOINT_DECLINED_TASK_CLOSING'
  | 'CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER'
  | 'CHECKPOINT_DECLINED_SUBSUMED'
  | 'CHECKPOINT_DECLINED_INPUT_END_OF_STREAM'
  | 'TASK_FAILURE'
  | 'TASK_CHECKPOINT_FAILURE'
  | 'UNKNOWN_TASK_CHECKPOINT_NOTIFICATION_FAILURE'
  | 'TRIGGER_CHECKPOINT_FAILURE'
  | 'BLOCKING_OUTPUT_EXIST';

/** A failure not tied to a checkpoint id (Flink: UNKNOWN_CHECKPOINT_ID). */
export const UNKNOWN_CHECKPOINT_ID = -1;

export type CheckpointFailureVerdict =
  /** Not counted (a reason Flink ignores, a repeat, a savepoint, or older than the latest success). */
  | { readonly kind: 'ignored' }
  /** Counted and still within the tolerance. */
  | { readonly kind: 'tolerated'; readonly consecutiveFailures: number }
  /** Over the tolerance: fail the job with `message`. The count is cleared. */
  | { readonly kind: 'fail-job'; readonly message: string };

/** Whether failures for this reason count against the tolerance. */
export function isCountedFailure(reason: CheckpointFailureReason): boolean {
  switch (reason) {
    case 'IO_EXCEPTION':
    case 'CHECKPOINT_ASYNC_EXCEPTION':
    case 'CHECKPOINT_DECLINED':
    case 'CHECKPOINT_EXPIRED':
    case 'FINALIZE_CHECKPOINT_FAILURE':
      return true;
    case 'PERIODIC_SCHEDULER_SHUTDOWN':
    case 'TOO_MANY_CHECKPOINT_REQUESTS':
    case 'MINIMUM_TIME_BETWEEN_CHECKPOINTS':
    case 'NOT_ALL_REQUIRED_TASKS_RUNNING':
    case 'CHECKPOINT_SUBSUMED':
    case 'CHECKPOINT_COORDINATOR_SUSPEND':
    case 'CHECKPOINT_COORDINATOR_SHUTDOWN':
    case 'CHANNEL_STATE_SHARED_STREAM_EXCEPTION':
    case 'JOB_FAILOVER_REGION':
    case 'CHECKPOINT_DECLINED_TASK_NOT_READY':
    case 'CHECKPOINT_DECLINED_TASK_CLOSING':
    case 'CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER':
    case 'CHECKPOINT_DECLINED_SUBSUMED':
    case 'CHECKPOINT_DECLINED_INPUT_END_OF_STREAM':
    case 'TASK_FAILURE':
    case 'TASK_CHECKPOINT_FAILURE':
    case 'UNKNOWN_TASK_CHECKPOINT_NOTIFICATION_FAILURE':
    case 'TRIGGER_CHECKPOINT_FAILURE':
    case 'BLOCKING_OUTPUT_EXIST':
      return false;
    default: {
      const unknown: never = reason;
      throw new RangeError(`Unknown checkpoint failure reason '${String(unknown)}'`);
    }
  }
}

export class CheckpointFailureCounter {
  private consecutive = 0;
  private readonly counted = new Set<number>();
  private lastSucceededId = Number.NEGATIVE_INFINITY;

  constructor(private readonly tolerableFailedCheckpoints: number) {
    if (!Number.isSafeInteger(tolerableFailedCheckpoints) || tolerableFailedCheckpoints < 0) {
      throw new RangeError(
        `tolerableFailedCheckpoints must be an integer of at least 0, got ${String(tolerableFailedCheckpoints)}`,
      );
    }
  }

  get consecutiveFailures(): number {
    return this.consecutive;
  }

  /** A checkpoint (not a savepoint) failed. `checkpointId` is UNKNOWN_CHECKPOINT_ID when none was assigned. */
  onFailure(checkpointId: number, reason: CheckpointFailureReason, isSavepoint = false): CheckpointFailureVerdict {
    if (isSavepoint || !isCountedFailure(reason)) return { kind: 'ignored' };
    const unknown = checkpointId === UNKNOWN_CHECKPOINT_ID;
    if (!unknown && checkpointId <= this.lastSucceededId) return { kind: 'ignored' };
    if (!unknown) {
      if (this.counted.has(checkpointId)) return { kind: 'ignored' };
      this.counted.add(checkpointId);
    }
    this.consecutive++;
    if (this.consecutive > this.tolerableFailedCheckpoints) {
      this.clear();
      return {
        kind: 'fail-job',
        message:
          `Exceeded checkpoint tolerable failure threshold: ${this.tolerableFailedCheckpoints + 1} consecutive ` +
          `checkpoint failures (last: ${reason}); raise 'execution.checkpointing.tolerable-failed-checkpoints' ` +
          'to tolerate more',
      };
    }
    return { kind: 'tolerated', consecutiveFailures: this.consecutive };
  }

  /** A checkpoint completed: a newer success than any before resets the count. */
  onSuccess(checkpointId: number): void {
    if (checkpointId > this.lastSucceededId) {
      this.lastSucceededId = checkpointId;
      this.clear();
    }
  }

  private clear(): void {
    this.consecutive = 0;
    this.counted.clear();
  }
}
