import type { ChannelWriter } from './channel.js';
import type { ChannelSelector } from './channel-selector.js';
import type { StreamEvent } from './stream-event.js';

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The output of one producer subtask on one JobEdge (Flink: RecordWriter over a ResultPartition): the channels to
 * the connected consumer subtasks (channel i = the i-th of connectedConsumers) and the edge's ChannelSelector.
 * The channel writers should share one OverdraftBudget (Flink's per-gate overdraft).
 *
 * Contract: owned by the producer subtask's thread. emit() never blocks: the task checks isAvailable() between
 * input records and awaits whenAvailable(); emit throws only when one record overran credit plus overdraft.
 */
export class RecordWriter<T> {
  /** Records emitted (a broadcast record counts once, as Flink's numRecordsOut). Plain field for metrics. */
  recordsOut = 0;
  readonly numberOfChannels: number;
  private readonly broadcast: boolean;

  constructor(
    private readonly channels: readonly ChannelWriter<T>[],
    private readonly selector: ChannelSelector<T>,
  ) {
    if (channels.length === 0) throw new RangeError('RecordWriter: a record writer needs at least one channel');
    this.numberOfChannels = channels.length;
    selector.setup(channels.length);
    this.broadcast = selector.isBroadcast;
  }

  emit(value: T, timestamp: number): void {
    if (this.broadcast) {
      const channels = this.channels;
      for (let i = 0; i < channels.length; i++) channels[i].writeRecord(value, timestamp);
    } else {
      this.channels[this.selector.selectChannel(value)].writeRecord(value, timestamp);
    }
    this.recordsOut++;
  }

  /** Sends an event to every channel: watermarks, watermark statuses, barriers (priority ones when unaligned). */
  broadcastEvent(event: StreamEvent, priority: boolean): void {
    for (const channel of this.channels) channel.writeEvent(event, priority);
  }

  /** Sends every partly filled buffer (the buffer timeout, or the end of a burst). */
  flushAll(): void {
    for (const channel of this.channels) channel.flush();
  }

  /** True when every channel can take a buffer within credit. */
  isAvailable(): boolean {
    for (const channel of this.channels) if (!channel.hasCredit()) return false;
    return true;
  }

  whenAvailable(): Promise<void> {
    return this.isAvailable() ? RESOLVED : this.waitForAll();
  }

  /** Ends every channel with end-of-partition (Flink: ResultPartition.finish()). */
  close(): void {
    for (const channel of this.channels) channel.close();
  }

  /** Task failure or cancellation: drops what was not sent and stops waiting for credit. */
  abort(): void {
    for (const channel of this.channels) channel.abort();
  }

  get buffersOut(): number {
    let sum = 0;
    for (const channel of this.channels) sum += channel.buffersOut;
    return sum;
  }

  get bytesOut(): number {
    let sum = 0;
    for (const channel of this.channels) sum += channel.bytesOut;
    return sum;
  }

  private async waitForAll(): Promise<void> {
    for (;;) {
      const blocked = this.channels.find((channel) => !channel.hasCredit());
      if (blocked === undefined) return;
      await blocked.whenCredit();
    }
  }
}
