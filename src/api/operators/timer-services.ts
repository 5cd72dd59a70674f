import { VOID_NAMESPACE } from '../state/keyed-state-backend.js';
import type { InternalTimerService, ProcessingTimeService, TimerService } from './timers.js';

/** The namespace type of user timers (Flink's VoidNamespace). */
export type VoidNamespace = typeof VOID_NAMESPACE;

/** The user-facing TimerService over an operator's keyed timer service (Flink's SimpleTimerService). */
export class SimpleTimerService implements TimerService {
  constructor(private readonly internal: InternalTimerService<VoidNamespace>) {}
  currentProcessingTime(): number {
    return this.internal.currentProcessingTime();
  }
  currentWatermark(): number {
    return this.internal.currentWatermark();
  }
  registerProcessingTimeTimer(time: number): void {
    this.internal.registerProcessingTimeTimer(VOID_NAMESPACE, time);
  }
  registerEventTimeTimer(time: number): void {
    this.internal.registerEventTimeTimer(VOID_NAMESPACE, time);
  }
  deleteProcessingTimeTimer(time: number): void {
    this.internal.deleteProcessingTimeTimer(VOID_NAMESPACE, time);
  }
  deleteEventTimeTimer(time: number): void {
    this.internal.deleteEventTimeTimer(VOID_NAMESPACE, time);
  }
}

const REGISTER_ON_NON_KEYED =
  'Setting timers is only supported on a keyed streams. Call keyBy(...) before process(...) to use timers.';
const DELETE_ON_NON_KEYED =
  'Deleting timers is only supported on a keyed streams. Call keyBy(...) before process(...) to use timers.';

/**
 * TimerService of non-keyed process functions: time queries work, timers do not (as in Flink's ProcessOperator).
 * The operator updates `watermark` as watermarks pass.
 */
export class NonKeyedTimerService implements TimerService {
  watermark = Number.NEGATIVE_INFINITY;
  constructor(private readonly processingTime: ProcessingTimeService) {}
  currentProcessingTime(): number {
    return this.processingTime.getCurrentProcessingTime();
  }
  currentWatermark(): number {
    return this.watermark;
  }
  registerProcessingTimeTimer(): void {
    throw new Error(REGISTER_ON_NON_KEYED);
  }
  registerEventTimeTimer(): void {
    throw new Error(REGISTER_ON_NON_KEYED);
  }
  deleteProcessingTimeTimer(): void {
    throw new Error(DELETE_ON_NON_KEYED);
  }
  deleteEventTimeTimer(): void {
    throw new Error(DELETE_ON_NON_KEYED);
  }
}
