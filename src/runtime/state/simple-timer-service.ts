import type { InternalTimerService, TimerService } from '../../api/operators/timers.js';
import { VOID_NAMESPACE } from '../../api/state/keyed-state-backend.js';

/**
 * The TimerService process functions see (Flink's SimpleTimerService): the operator's internal timer service with
 * every timer in VOID_NAMESPACE, scoped to the key of the record or timer being processed. Task thread only.
 */
export class SimpleTimerService implements TimerService {
  constructor(private readonly internal: InternalTimerService<typeof VOID_NAMESPACE>) {}

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
