import type { ChannelReader, InputHandler } from './channel.js';

export type PollResult = 'MORE' | 'NOTHING_AVAILABLE' | 'END_OF_INPUT';

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The channels of one logical input of a subtask (Flink: SingleInputGate; channel i is the i-th connected
 * producer, see connectedProducers). The task's loop calls pollNext until it reports NOTHING_AVAILABLE, then awaits
 * whenAvailable() once. Decoding is synchronous: every entry reaches the handler inside pollNext.
 *
 * Contract: owned by the consumer subtask's thread; the handler may call blockChannel() from onEvent (barrier
 * alignment), which stops that channel right after the event.
 */
export class InputGate {
  readonly numberOfChannels: number;
  private readonly finishedChannels: boolean[];
  private finishedCount = 0;
  private nextChannel = 0;
  /** Channels with a registered availability callback (at most one each, however often the task waits). */
  private readonly armed: boolean[];
  private readonly onChannelAvailable: (() => void)[];
  private waiter: (() => void) | undefined;
  private waiting: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly channels: readonly ChannelReader[]) {
    if (channels.length === 0) throw new RangeError('InputGate: an input gate needs at least one channel');
    const n = channels.length;
    this.numberOfChannels = n;
    this.finishedChannels = new Array<boolean>(n).fill(false);
    this.armed = new Array<boolean>(n).fill(false);
    this.onChannelAvailable = channels.map((_, i) => () => {
      this.armed[i] = false;
      this.wake();
    });
  }

  /**
   * Delivers every pending priority event, then the entries of up to `maxBuffers` data buffers, one buffer per
   * channel in turn. MORE: something was delivered, call again. NOTHING_AVAILABLE: await whenAvailable().
   * END_OF_INPUT: every channel delivered end-of-partition (this call may have delivered entries too).
   */
  pollNext(handler: InputHandler, maxBuffers: number): PollResult {
    const channels = this.channels;
    const n = this.numberOfChannels;
    if (this.finishedCount === n) return 'END_OF_INPUT';
    let progress = false;
    for (let i = 0; i < n; i++) {
      if (channels[i].readPriority(handler, i)) progress = true;
    }
    let buffers = 0;
    let idle = 0;
    let i = this.nextChannel;
    while (buffers < maxBuffers && idle < n) {
      const channel = channels[i];
      if (channel.readData(handler, i)) {
        buffers++;
        idle = 0;
        if (channel.finished && !this.finishedChannels[i]) {
          this.finishedChannels[i] = true;
          this.finishedCount++;
        }
      } else {
        idle++;
      }
      i = i + 1 === n ? 0 : i + 1;
    }
    this.nextChannel = i;
    if (this.finishedCount === n) return 'END_OF_INPUT';
    return progress || buffers > 0 ? 'MORE' : 'NOTHING_AVAILABLE';
  }

  /** True if pollNext would deliver something now. */
  isAvailable(): boolean {
    for (const channel of this.channels) if (channel.isAvailable()) return true;
    return this.finishedCount === this.numberOfChannels;
  }

  /**
   * Resolves when some channel may have something to deliver (or the input ended, or a channel was unblocked).
   * All callers share one promise, and each channel holds at most one registration for the gate.
   */
  whenAvailable(): Promise<void> {
    if (this.closed || this.isAvailable()) return RESOLVED;
    if (this.waiting === undefined) {
      this.waiting = new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    for (let i = 0; i < this.numberOfChannels; i++) {
      if (this.armed[i] || this.finishedChannels[i]) continue;
      this.armed[i] = true;
      void this.channels[i].whenAvailable().then(this.onChannelAvailable[i]);
    }
    return this.waiting;
  }

  /** Stops delivering data from channel i after the current entry (priority events still pass). */
  blockChannel(channel: number): void {
    this.checkChannel(channel, 'blockChannel');
    this.channels[channel].blocked = true;
  }

  isBlocked(channel: number): boolean {
    this.checkChannel(channel, 'isBlocked');
    return this.channels[channel].blocked;
  }

  unblockAll(): void {
    for (const channel of this.channels) channel.blocked = false;
    this.wake();
  }

  isFinished(): boolean {
    return this.finishedCount === this.numberOfChannels;
  }

  get buffersIn(): number {
    let sum = 0;
    for (const channel of this.channels) sum += channel.buffersIn;
    return sum;
  }

  get bytesIn(): number {
    let sum = 0;
    for (const channel of this.channels) sum += channel.bytesIn;
    return sum;
  }

  get recordsIn(): number {
    let sum = 0;
    for (const channel of this.channels) sum += channel.recordsIn;
    return sum;
  }

  /** Stops reading all channels (task end or cancellation) and releases a pending whenAvailable(). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const channel of this.channels) channel.close();
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    if (waiter === undefined) return;
    this.waiter = undefined;
    this.waiting = undefined;
    waiter();
  }

  private checkChannel(channel: number, where: string): void {
    if (!Number.isInteger(channel) || channel < 0 || channel >= this.numberOfChannels) {
      throw new RangeError(`InputGate.${where}: channel ${channel} is not in [0, ${this.numberOfChannels})`);
    }
  }
}
