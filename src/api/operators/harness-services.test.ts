// Wires the runtime's keyed state backend, timer services and manual clock into the operator harness. It is a
// .test.ts file only because api/ code may import runtime/ in tests alone (scripts/check-layers.mjs); it holds no
// tests itself. Other tests import harnessServices() from here.
import { KeyGroupRange } from '../../core/key-group.js';
import { HeapKeyedStateBackend } from '../../runtime/state/heap-keyed-state-backend.js';
import { ManualProcessingTimeService } from '../../runtime/state/processing-time-service.js';
import { TimerServiceManager } from '../../runtime/state/timer-service-manager.js';
import type { HarnessServices, HarnessTimerService } from './operator-harness.js';
import type { Triggerable } from './timers.js';

export interface HarnessServicesOptions {
  /** With keyed state and timers (default true). */
  readonly keyed?: boolean;
  readonly maxParallelism?: number;
  readonly startTime?: number;
}

export function harnessServices(options: HarnessServicesOptions = {}): HarnessServices & {
  readonly processingTime: ManualProcessingTimeService;
} {
  const processingTime = new ManualProcessingTimeService(options.startTime ?? 0);
  if (options.keyed === false) return { processingTime };
  const maxParallelism = options.maxParallelism ?? 128;
  const keyGroupRange = new KeyGroupRange(0, maxParallelism - 1);
  const backend = new HeapKeyedStateBackend({ maxParallelism, keyGroupRange });
  const timers = new TimerServiceManager({ processingTimeService: processingTime, keyGroupRange });
  return {
    processingTime,
    keyedStateBackend: backend,
    createTimerService<N>(name: string, triggerable: Triggerable<unknown, N>): HarnessTimerService<N> {
      return timers.getInternalTimerService<unknown, N>(name, triggerable, backend);
    },
  };
}
