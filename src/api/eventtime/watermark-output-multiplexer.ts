import { MIN_WATERMARK } from '../../core/time.js';
import type { WatermarkOutput } from './watermark-output.js';

// Combines the watermarks of several outputs, one per source split, into one (Flink's WatermarkOutputMultiplexer
// with CombinedWatermarkStatus): the combined watermark is the minimum over the outputs that are not idle, it only
// moves forward, and when every output is idle the combined output is marked idle. Called on the task's thread.

/** One output's (split's) state as the diagnosis reads it. */
export interface SplitWatermark {
  readonly id: string;
  /** The output's own watermark; -Infinity before its first. */
  readonly watermark: number;
  readonly idle: boolean;
}

/** Per-output state (Flink's PartialWatermark): setting a watermark also ends idleness. */
class PartialWatermark {
  watermark = MIN_WATERMARK;
  idle = false;

  constructor(readonly onUpdate: ((watermark: number) => void) | undefined) {}

  /** True when the watermark advanced. */
  setWatermark(watermark: number): boolean {
    this.idle = false;
    if (watermark <= this.watermark) return false;
    this.watermark = watermark;
    this.onUpdate?.(watermark);
    return true;
  }
}

/**
 * Multiplexes outputs onto `underlying`. An immediate output may update the combined watermark at once (use it in
 * onEvent); a deferred output only records its state, which onPeriodicEmit() then combines for all outputs in one
 * pass (use it in onPeriodicEmit, so partially updated outputs are not combined one at a time).
 */
export class WatermarkOutputMultiplexer {
  private readonly byId = new Map<string, PartialWatermark>();
  private readonly partials: PartialWatermark[] = [];
  private combinedWatermark = MIN_WATERMARK;
  private combinedIdle = false;

  constructor(private readonly underlying: WatermarkOutput) {}

  /** Registers an output under `id` (a split id); `onUpdate` hears when its own watermark advances. */
  registerNewOutput(id: string, onUpdate?: (watermark: number) => void): void {
    if (this.byId.has(id)) throw new Error(`WatermarkOutputMultiplexer: an output is already registered for '${id}'`);
    const partial = new PartialWatermark(onUpdate);
    this.byId.set(id, partial);
    this.partials.push(partial);
  }

  /** Removes an output; the combined watermark is recomputed at the next update (as in Flink). */
  unregisterOutput(id: string): boolean {
    const partial = this.byId.get(id);
    if (partial === undefined) return false;
    this.byId.delete(id);
    this.partials.splice(this.partials.indexOf(partial), 1);
    return true;
  }

  getImmediateOutput(id: string): WatermarkOutput {
    return new ImmediateOutput(this.partial(id), this);
  }

  getDeferredOutput(id: string): WatermarkOutput {
    return new DeferredOutput(this.partial(id));
  }

  /** Combines the deferred updates of all outputs, possibly emitting to the underlying output. */
  onPeriodicEmit(): void {
    this.updateCombinedWatermark();
  }

  get currentCombinedWatermark(): number {
    return this.combinedWatermark;
  }

  /** @internal Called by the outputs. */
  updateCombinedWatermark(): void {
    if (this.partials.length === 0) return;
    let min = Number.POSITIVE_INFINITY;
    let allIdle = true;
    for (const p of this.partials) {
      if (p.idle) continue;
      allIdle = false;
      if (p.watermark < min) min = p.watermark;
    }
    this.combinedIdle = allIdle;
    if (!allIdle && min > this.combinedWatermark) {
      this.combinedWatermark = min;
      this.underlying.emitWatermark(min);
    } else if (allIdle) {
      this.underlying.markIdle();
    }
  }

  private partial(id: string): PartialWatermark {
    const partial = this.byId.get(id);
    if (partial === undefined) throw new Error(`WatermarkOutputMultiplexer: no output is registered for '${id}'`);
    return partial;
  }

  /**
   * Read-only view of every registered output's watermark and idleness, for the watermark diagnosis (which split
   * holds the source back). Allocates; call it once per metrics interval, never per record.
   */
  outputWatermarks(): SplitWatermark[] {
    const out: SplitWatermark[] = [];
    for (const [id, p] of this.byId) out.push({ id, watermark: p.watermark, idle: p.idle });
    return out;
  }

  /** True when every output was idle at the last combination. */
  get isIdle(): boolean {
    return this.combinedIdle;
  }
}

class ImmediateOutput implements WatermarkOutput {
  constructor(
    private readonly state: PartialWatermark,
    private readonly multiplexer: WatermarkOutputMultiplexer,
  ) {}

  emitWatermark(watermark: number): void {
    if (this.state.setWatermark(watermark) && watermark > this.multiplexer.currentCombinedWatermark) {
      this.multiplexer.updateCombinedWatermark();
    }
  }
  markIdle(): void {
    this.state.idle = true;
    // This output may have held the combined watermark back.
    this.multiplexer.updateCombinedWatermark();
  }
  markActive(): void {
    this.state.idle = false;
    this.multiplexer.updateCombinedWatermark();
  }
}

class DeferredOutput implements WatermarkOutput {
  constructor(private readonly state: PartialWatermark) {}

  emitWatermark(watermark: number): void {
    this.state.setWatermark(watermark);
  }
  markIdle(): void {
    this.state.idle = true;
  }
  markActive(): void {
    this.state.idle = false;
  }
}
