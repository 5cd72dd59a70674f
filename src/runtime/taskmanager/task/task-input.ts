import type { InputHandler } from '../../network/channel.js';
import type { StreamEvent } from '../../network/stream-event.js';
import type { CheckpointBarrierHandler } from './checkpoint-barrier-handler.js';
import type { OperatorHost } from './operator-host.js';
import { WatermarkValve } from './watermark-valve.js';

/**
 * One logical input of the chain's head (all channels of all edges into input 1 or 2): records go to the head
 * operator, watermarks through the valve, end-of-partition counts down to the end of this input.
 * Called synchronously by the input gate, per entry.
 */
export class TaskInput implements InputHandler {
  private readonly valve: WatermarkValve;
  private openChannels: number;
  private readonly one: boolean;

  constructor(
    private readonly head: OperatorHost,
    readonly inputIndex: 1 | 2,
    numChannels: number,
    /** Checkpoint barriers of all the task's inputs; channels are numbered from `channelOffset` on. */
    private readonly barriers?: CheckpointBarrierHandler,
    private readonly channelOffset = 0,
  ) {
    this.one = head.inputs === 1;
    this.openChannels = numChannels;
    this.valve = new WatermarkValve(numChannels, {
      onWatermark: (wm) => head.processWatermark(wm, inputIndex),
      onWatermarkStatus: (idle) => head.processWatermarkStatus(idle, inputIndex),
    });
  }

  get ended(): boolean {
    return this.openChannels === 0;
  }

  get watermarkValve(): WatermarkValve {
    return this.valve;
  }

  onRecord(value: unknown, timestamp: number, channel: number): void {
    // Unaligned checkpoints: a record that was in flight at the snapshot is kept as channel state too.
    const barriers = this.barriers;
    if (barriers !== undefined && barriers.recording) barriers.record(this.channelOffset + channel, value, timestamp);
    if (this.one) this.head.processElement(value, timestamp);
    else if (this.inputIndex === 1) this.head.processElement1(value, timestamp);
    else this.head.processElement2(value, timestamp);
  }

  onEvent(event: StreamEvent, channel: number): void {
    switch (event.kind) {
      case 'watermark':
        this.valve.inputWatermark(event.timestamp, channel);
        return;
      case 'watermark-status':
        this.valve.inputWatermarkStatus(event.idle, channel);
        return;
      case 'end-of-partition':
        this.valve.channelFinished(channel);
        this.openChannels--;
        this.barriers?.onChannelFinished(this.channelOffset + channel);
        return;
      case 'barrier':
        this.barriers?.onBarrier(event, this.channelOffset + channel);
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown stream event ${JSON.stringify(never)}`);
      }
    }
  }
}
