import type { TaskInput } from './task-input.js';

// Restoring from an unaligned checkpoint: the records that were in flight at the snapshot (channel state) are
// processed again before any new input, channel by channel, in slices so output credit is respected.

export interface ChannelInput {
  readonly input: TaskInput;
  /** The channel's index within its gate. */
  readonly channel: number;
}

export class InFlightReplay {
  private readonly queue: Array<{ target: ChannelInput; records: readonly unknown[] }> = [];
  private position = 0;

  constructor(state: ReadonlyMap<number, readonly unknown[]>, inputOf: (globalChannel: number) => ChannelInput) {
    for (const [channel, records] of [...state].sort((a, b) => a[0] - b[0])) {
      if (records.length > 0) this.queue.push({ target: inputOf(channel), records });
    }
  }

  get hasMore(): boolean {
    return this.queue.length > 0;
  }

  /** Processes up to `budget` records. */
  step(budget: number): void {
    let left = budget;
    while (left > 0 && this.queue.length > 0) {
      const { target, records } = this.queue[0];
      if (this.position >= records.length) {
        this.queue.shift();
        this.position = 0;
        continue;
      }
      target.input.onRecord(records[this.position], records[this.position + 1] as number, target.channel);
      this.position += 2;
      left--;
    }
  }
}
