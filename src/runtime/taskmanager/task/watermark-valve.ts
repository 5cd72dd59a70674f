import { MIN_WATERMARK } from '../../../core/time.js';

// Combines the watermarks of one input's channels (Flink's StatusWatermarkValve): the input's watermark is the
// minimum over active, aligned channels; an idle channel is left out, and when it becomes active again it counts
// only once its watermark has caught up with the last one emitted. Pure: it returns what to emit.

export interface ValveOutput {
  onWatermark(watermark: number): void;
  onWatermarkStatus(idle: boolean): void;
}

export class WatermarkValve {
  private readonly watermarks: Float64Array;
  private readonly idle: Uint8Array;
  private readonly aligned: Uint8Array;
  private lastOutput = MIN_WATERMARK;
  private outputIdle = false;

  constructor(
    readonly numChannels: number,
    private readonly output: ValveOutput,
  ) {
    this.watermarks = new Float64Array(numChannels).fill(MIN_WATERMARK);
    this.idle = new Uint8Array(numChannels);
    this.aligned = new Uint8Array(numChannels).fill(1);
  }

  get lastEmittedWatermark(): number {
    return this.lastOutput;
  }

  /** Per channel watermark, for the watermark debugger (which channel holds the input back). */
  channelWatermarks(): readonly number[] {
    return Array.from(this.watermarks);
  }

  isChannelIdle(channel: number): boolean {
    return this.idle[channel] === 1;
  }

  inputWatermark(watermark: number, channel: number): void {
    if (this.idle[channel] === 1 || watermark <= this.watermarks[channel]) return;
    this.watermarks[channel] = watermark;
    if (this.aligned[channel] === 0 && watermark >= this.lastOutput) this.aligned[channel] = 1;
    this.emitNewMinimum();
  }

  inputWatermarkStatus(idle: boolean, channel: number): void {
    if (idle && this.idle[channel] === 0) {
      this.idle[channel] = 1;
      this.aligned[channel] = 0;
      if (this.allIdle()) {
        // Every channel idle: release the highest watermark seen so downstream is not held back, then go idle.
        this.emitMaximum();
        this.setOutputIdle(true);
      } else {
        this.emitNewMinimum();
      }
    } else if (!idle && this.idle[channel] === 1) {
      this.idle[channel] = 0;
      if (this.watermarks[channel] >= this.lastOutput) this.aligned[channel] = 1;
      this.setOutputIdle(false);
    }
  }

  /** A finished channel no longer holds the input back. */
  channelFinished(channel: number): void {
    this.idle[channel] = 0;
    this.aligned[channel] = 1;
    this.watermarks[channel] = Number.POSITIVE_INFINITY;
  }

  private allIdle(): boolean {
    for (let i = 0; i < this.numChannels; i++) if (this.idle[i] === 0) return false;
    return true;
  }

  private emitNewMinimum(): void {
    let min = Number.POSITIVE_INFINITY;
    let any = false;
    for (let i = 0; i < this.numChannels; i++) {
      if (this.aligned[i] === 1 && this.idle[i] === 0) {
        any = true;
        if (this.watermarks[i] < min) min = this.watermarks[i];
      }
    }
    if (any && min > this.lastOutput) {
      this.lastOutput = min;
      this.output.onWatermark(min);
    }
  }

  private emitMaximum(): void {
    let max = MIN_WATERMARK;
    for (let i = 0; i < this.numChannels; i++) if (this.watermarks[i] > max) max = this.watermarks[i];
    if (max > this.lastOutput) {
      this.lastOutput = max;
      this.output.onWatermark(max);
    }
  }

  private setOutputIdle(idle: boolean): void {
    if (this.outputIdle === idle) return;
    this.outputIdle = idle;
    this.output.onWatermarkStatus(idle);
  }
}
