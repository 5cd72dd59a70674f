/**
 * Receive buffers of one slot worker's data connections (Flink: the network buffer pool, reduced to what a
 * worker needs). Segments come back when a reader has decoded them; at most `maxPooled` are kept for reuse, so a
 * burst does not pin its memory. Contract: the worker's thread only.
 */
export class SegmentPool {
  private readonly free: Uint8Array[] = [];

  constructor(
    readonly segmentSize: number,
    private readonly maxPooled = 256,
  ) {}

  take(): Uint8Array {
    return this.free.pop() ?? new Uint8Array(this.segmentSize);
  }

  give(segment: Uint8Array): void {
    if (segment.length === this.segmentSize && this.free.length < this.maxPooled) this.free.push(segment);
  }

  /** Segments kept for reuse now (for tests and metrics). */
  get pooled(): number {
    return this.free.length;
  }
}
