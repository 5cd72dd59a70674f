import type { CheckpointableKeyedStateBackend } from '../../state/keyed-state-backend-factory.js';
import type { TimerServiceManager } from '../../state/timer-service-manager.js';
import type { KeyedContext } from './operator-chain.js';

/** Binds a keyed operator's state backend and timer services into the chain's view of them. */
export function keyedContextOf(backend: CheckpointableKeyedStateBackend, manager: TimerServiceManager): KeyedContext {
  return {
    backend,
    timers: {
      advanceWatermark: (wm, budget) => manager.advanceWatermark(wm, budget),
      getInternalTimerService: (name, triggerable) => manager.getInternalTimerService(name, triggerable, backend),
    },
    snapshot: (mode) => ({
      keyed:
        mode.kind === 'plain'
          ? backend.snapshotKeyGroups()
          : backend.snapshotForCheckpoint(mode.checkpointId, mode.base),
      timers: manager.snapshotTimers(),
    }),
    requiresFullSnapshot: () => backend.requiresFullSnapshot(),
    confirmCheckpoint: (checkpointId) => backend.confirmCheckpoint(checkpointId),
    restore: (keyed, timers) => {
      if (keyed !== undefined) backend.restoreKeyGroups(keyed);
      if (timers !== undefined) manager.restoreTimers(timers);
    },
  };
}
