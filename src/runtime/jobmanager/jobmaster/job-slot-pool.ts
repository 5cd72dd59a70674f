import type { SlotLocation } from '../../deployment/task-deployment-descriptor.js';
import type { SlotOffer } from '../../rpc/gateways.js';

// The slots a JobMaster holds (Flink's SlotPool, reduced to what Weir needs): the slots offered for the job's first
// deployment, in a fixed order the placement is computed from, and their replacements when a TaskManager is lost —
// a replacement takes the lost slot's position, so subtasks elsewhere keep their placement. Contract: JobMaster
// thread only.

export interface OfferedSlot extends SlotLocation {
  readonly address: string;
  readonly allocationId: string;
}

export class JobSlotPool {
  private readonly held: OfferedSlot[] = [];
  /** Positions of slots whose TaskManager was lost, waiting for a replacement. */
  private readonly lost: number[] = [];
  private waiters: Array<() => void> = [];

  constructor(readonly required: number) {}

  /** The slots in placement order (valid for placement once `complete`). */
  get slots(): readonly OfferedSlot[] {
    return this.held;
  }

  get complete(): boolean {
    return this.held.length >= this.required && this.lost.length === 0;
  }

  /** Takes offered slots: all of them before the first deployment, then only replacements; returns those taken. */
  offer(taskManagerId: string, address: string, offers: readonly SlotOffer[], deployed: boolean): SlotOffer[] {
    const accepted: SlotOffer[] = [];
    for (const offer of offers) {
      const slot = { taskManagerId, address, slotIndex: offer.slotIndex, allocationId: offer.allocationId };
      if (this.lost.length > 0) this.held[this.lost.shift()!] = slot;
      else if (!deployed) this.held.push(slot);
      else continue;
      accepted.push(offer);
    }
    if (this.complete) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
    return accepted;
  }

  /** The TaskManager is gone: its slots wait for replacements. Returns how many slots were lost. */
  lose(taskManagerId: string): number {
    let count = 0;
    for (let i = 0; i < this.held.length; i++) {
      if (this.held[i].taskManagerId === taskManagerId && !this.lost.includes(i)) {
        this.lost.push(i);
        count++;
      }
    }
    return count;
  }

  /** Resolves once every lost slot was replaced; rejects after `timeoutMs` (Flink's slot.request.timeout). */
  whenComplete(timeoutMs: number): Promise<void> {
    if (this.complete) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(
          new Error(
            `Could not acquire the minimum required resources: ${this.lost.length} of ${this.required} slots are ` +
              `missing after ${timeoutMs} ms (a TaskManager was lost). Start a TaskManager with free slots, or ` +
              "raise 'slot.request.timeout'.",
          ),
        );
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
    });
  }

  /** Addresses of the TaskExecutors holding slots (not the lost ones). */
  addresses(): Set<string> {
    const lost = new Set(this.lost);
    return new Set(this.held.filter((_, i) => !lost.has(i)).map((s) => s.address));
  }
}
