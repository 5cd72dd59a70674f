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
}

interface PendingRequest {
  readonly jobId: string;
  readonly jobMasterAddress: string;
  remaining: number;
}

export class ResourceManager implements ResourceManagerGateway {
  private readonly taskExecutors = new Map<string, RegisteredTaskExecutor>();
  private readonly pending: PendingRequest[] = [];

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
    }));
    const slotsTotal = taskManagers.reduce((n, tm) => n + tm.slotsTotal, 0);
    const slotsAvailable = taskManagers.reduce((n, tm) => n + tm.slotsFree, 0);
    return { taskManagers, slotsTotal, slotsAvailable };
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
