// When the checkpoint coordinator may trigger the next periodic checkpoint, and when a pending one expires: pure
// functions of the configuration, the coordinator's history and the current time, following Flink's
// CheckpointCoordinator (base interval, random initial delay, canceller) and CheckpointRequestDecider (max
// concurrent, min pause, forced requests). Called on the JobMaster thread; the caller owns the timers.
import type { CheckpointConfig } from './checkpoint-config.js';

/** The part of the checkpoint configuration scheduling depends on. */
export type CheckpointTiming = Pick<
  CheckpointConfig,
  'intervalMs' | 'timeoutMs' | 'minPauseMs' | 'maxConcurrentCheckpoints'
>;

/** What the coordinator knows when it decides on a request. Times are from one monotonic clock (ms). */
export interface CheckpointHistory {
  /** Checkpoints triggered and neither completed nor aborted yet. */
  readonly pendingCount: number;
  /** When the last checkpoint completed; undefined before the first. */
  readonly lastCompletionMs: number | undefined;
  /** Whether a checkpoint is being started right now (its plan and storage not ready yet); false when omitted. */
  readonly triggering?: boolean;
  /** Completed or aborted checkpoints whose files are still being deleted; 0 when omitted. */
  readonly cleaningCount?: number;
}

/** The request being decided; a periodic, non-forced checkpoint when omitted. */
export interface TriggerRequestKind {
  /** From the periodic timer (a user's savepoint or checkpoint request is not). */
  readonly periodic: boolean;
  /** A forced savepoint ignores the max-concurrent limit and the min pause. */
  readonly force: boolean;
}

const PERIODIC: TriggerRequestKind = { periodic: true, force: false };

export type TriggerDecision =
  /** Start the checkpoint now. */
  | { readonly kind: 'trigger' }
  /** Another checkpoint is being started, or too many are being cleaned up: keep the request, decide again later. */
  | { readonly kind: 'busy'; readonly reason: 'triggering' | 'cleaning' }
  /** As many checkpoints as allowed are in flight: keep the request and decide again when one ends. */
  | { readonly kind: 'too-many-concurrent'; readonly pendingCount: number }
  /**
   * Too soon after the last completion: drop this request (it fails with MINIMUM_TIME_BETWEEN_CHECKPOINTS, which
   * does not count against the tolerance) and reschedule the periodic trigger after `delayMs`.
   */
  | { readonly kind: 'min-pause'; readonly delayMs: number };

/**
 * The period of the trigger timer: the interval, raised to the min pause because triggering more often than that
 * cannot succeed (Flink's CheckpointCoordinator does the same).
 */
export function baseIntervalMs(timing: CheckpointTiming): number {
  if (timing.intervalMs === undefined) {
    throw new RangeError(
      "Checkpointing is not enabled: set 'execution.checkpointing.interval' (such as '10 s') before scheduling",
    );
  }
  return Math.max(timing.intervalMs, timing.minPauseMs);
}

/**
 * The delay of the first periodic trigger: uniform over the whole milliseconds of [minPause, baseInterval], so that
 * jobs started together do not checkpoint in lockstep. `random` returns a number in [0, 1) (Math.random's contract).
 */
export function initialTriggerDelayMs(timing: CheckpointTiming, random: () => number): number {
  const base = baseIntervalMs(timing);
  const span = base + 1 - timing.minPauseMs;
  return timing.minPauseMs + Math.min(span - 1, Math.floor(random() * span));
}

/**
 * Decides a trigger request at `nowMs` as Flink's CheckpointRequestDecider does: wait while another checkpoint is
 * being started or more than max-concurrent are being cleaned up; at the max-concurrent limit only a forced request
 * goes ahead; a periodic, non-forced request within the min pause after the last completion is dropped and the
 * timer rescheduled.
 */
export function decideTrigger(
  timing: CheckpointTiming,
  history: CheckpointHistory,
  nowMs: number,
  request: TriggerRequestKind = PERIODIC,
): TriggerDecision {
  if (history.triggering === true) return { kind: 'busy', reason: 'triggering' };
  if ((history.cleaningCount ?? 0) > timing.maxConcurrentCheckpoints) return { kind: 'busy', reason: 'cleaning' };
  if (history.pendingCount >= timing.maxConcurrentCheckpoints) {
    return request.force ? { kind: 'trigger' } : { kind: 'too-many-concurrent', pendingCount: history.pendingCount };
  }
  if (request.periodic && !request.force && history.lastCompletionMs !== undefined) {
    const delayMs = timing.minPauseMs - (nowMs - history.lastCompletionMs);
    if (delayMs > 0) return { kind: 'min-pause', delayMs };
  }
  return { kind: 'trigger' };
}

/** decideTrigger for a request from the periodic timer. */
export function decidePeriodicTrigger(
  timing: CheckpointTiming,
  history: CheckpointHistory,
  nowMs: number,
): TriggerDecision {
  return decideTrigger(timing, history, nowMs, PERIODIC);
}

/** When a checkpoint triggered at `triggerMs` expires (aborted as CHECKPOINT_EXPIRED unless complete by then). */
export function checkpointDeadlineMs(timing: CheckpointTiming, triggerMs: number): number {
  return triggerMs + timing.timeoutMs;
}

/** The ids of `pending` checkpoints that have expired at `nowMs`, in the order given. */
export function expiredCheckpoints(
  timing: CheckpointTiming,
  pending: readonly { readonly checkpointId: number; readonly triggerMs: number }[],
  nowMs: number,
): number[] {
  const expired: number[] = [];
  for (const p of pending) {
    if (nowMs >= checkpointDeadlineMs(timing, p.triggerMs)) expired.push(p.checkpointId);
  }
  return expired;
}
