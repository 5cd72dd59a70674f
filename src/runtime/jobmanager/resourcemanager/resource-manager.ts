import { randomBytes } from 'node:crypto';
import type {
  ResourceManagerGateway,
  ResourceOverview,
  TaskExecutorGateway,
  TaskExecutorRegistration,
} from '../../rpc/gateways.js';
import type { RpcService } from '../../rpc/rpc-service.js';

// The ResourceManager (Flink's standalone ResourceManager): knows the registered TaskExecutors and their free
// slots, and answers a JobMaster's slot request by asking TaskExecutors to offer slots to that JobMaster (steps 3-4
// of the slot protocol). It starts no TaskExecutors itself: that is a resource provider's job.

interface SlotRecord {
  allocationId: string | undefined;
  jobId: string | undefined;
}

interface RegisteredTaskExecutor {
  readonly registration: TaskExecutorRegistration;
  readonly gateway: TaskExecutorGateway;
  readonly slots: SlotRecord[];
  /** performance.now() of its registration or last heartbeat (monotonic, for timeouts). */
  lastHeartbeat: number;
  /** The same moment as wall-clock ms, for REST. */
  lastHeartbeatEpoch: number;
}

/** Why and which TaskExecutor the ResourceManager dropped (heartbeat timeout). */
export interface TaskExecutorLoss {
  readonly registration: TaskExecutorRegistration;
  readonly reason: string;
}

interface PendingRequest {
  readonly jobId: string;
  readonly jobMasterAddress: string;
  remaining: number;
}

export class ResourceManager implements ResourceManagerGateway {
  private readonly taskExecutors = new Map<string, RegisteredTaskExecutor>();
  private readonly pending: PendingRequest[] = [];
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(private readonly rpc: RpcService) {}

  async registerTaskExecutor(registration: TaskExecutorRegistration): Promise<void> {
    const slots = Array.from({ length: registration.numberOfSlots }, () => ({
      allocationId: undefined,
      jobId: undefined,
    }));
    this.taskExecutors.set(registration.taskManagerId, {
      registration,
      gateway: this.rpc.connect<TaskExecutorGateway>(registration.address),
      slots,
      lastHeartbeat: performance.now(),
      lastHeartbeatEpoch: Date.now(),
    });
    this.servePending();
  }

  async requestSlots(jobId: string, jobMasterAddress: string, count: number): Promise<void> {
    if (!Number.isInteger(count) || count < 1) throw new Error(`A job must request at least one slot, not ${count}`);
    this.pending.push({ jobId, jobMasterAddress, remaining: count });
    this.servePending();
  }

  async notifySlotsFreed(taskManagerId: string, allocationIds: readonly string[]): Promise<void> {
    const te = this.taskExecutors.get(taskManagerId);
    if (te === undefined) return;
    for (const slot of te.slots) {
      if (slot.allocationId !== undefined && allocationIds.includes(slot.allocationId)) {
        slot.allocationId = undefined;
        slot.jobId = undefined;
      }
    }
    this.servePending();
  }

  async describeResources(): Promise<ResourceOverview> {
    const taskManagers = [...this.taskExecutors.values()].map((te) => ({
      id: te.registration.taskManagerId,
      address: te.registration.address,
      host: te.registration.host,
      slotsTotal: te.slots.length,
      slotsFree: te.slots.filter((s) => s.allocationId === undefined).length,
      lastHeartbeat: te.lastHeartbeatEpoch,
    }));
    const slotsTotal = taskManagers.reduce((n, tm) => n + tm.slotsTotal, 0);
    const slotsAvailable = taskManagers.reduce((n, tm) => n + tm.slotsFree, 0);
    return { taskManagers, slotsTotal, slotsAvailable };
  }

  async heartbeatFromTaskManager(taskManagerId: string): Promise<boolean> {
    const te = this.taskExecutors.get(taskManagerId);
    if (te === undefined) return false;
    te.lastHeartbeat = performance.now();
    te.lastHeartbeatEpoch = Date.now();
    return true;
  }

  /**
   * Starts checking heartbeats (the cluster's JobManager process; the MiniCluster needs none): a TaskExecutor silent
   * for `timeoutMs` is removed with its slots, and `onLost` runs (the Dispatcher fails its tasks).
   */
  startHeartbeatChecks(intervalMs: number, timeoutMs: number, onLost: (loss: TaskExecutorLoss) => void): void {
    this.stopHeartbeatChecks();
    const check = () => {
      const now = performance.now();
      for (const [id, te] of this.taskExecutors) {
        const silent = now - te.lastHeartbeat;
        if (silent < timeoutMs) continue;
        this.taskExecutors.delete(id);
        const reason = `TaskManager ${id} at ${te.registration.address} sent no heartbeat for ${Math.round(silent)} ms (heartbeat.timeout ${timeoutMs} ms)`;
        onLost({ registration: te.registration, reason });
      }
    };
    this.heartbeatTimer = setInterval(check, Math.max(1, Math.min(intervalMs, timeoutMs / 4)));
    this.heartbeatTimer.unref();
  }

  stopHeartbeatChecks(): void {
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Hands free slots to waiting requests, oldest first; requests without enough slots wait for more. */
  private servePending(): void {
    while (this.pending.length > 0) {
      const request = this.pending[0];
      for (const te of this.taskExecutors.values()) {
        for (let index = 0; index < te.slots.length; index++) {
          const slot = te.slots[index];
          if (request.remaining === 0) break;
          if (slot.allocationId !== undefined) continue;
          slot.allocationId = randomBytes(16).toString('hex');
          slot.jobId = request.jobId;
          request.remaining--;
          te.gateway.requestSlot(index, slot.allocationId, request.jobId, request.jobMasterAddress).catch(() => {
            // The TaskExecutor is gone: the slot returns to the pool; heartbeats will remove the TaskExecutor.
            slot.allocationId = undefined;
            slot.jobId = undefined;
          });
        }
      }
      if (request.remaining > 0) return;
      this.pending.shift();
    }
  }
}
