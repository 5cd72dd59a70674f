import type { Output } from '../../../api/operators/output.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from '../../../api/operators/stream-operator.js';
import type { Sink, SinkInitContext, SinkWriter, SinkWriterContext } from '../../../api/sink/sink.js';
import { MIN_WATERMARK, NO_TIMESTAMP } from '../../../core/time.js';

/**
 * Drives a Sink V2 writer (Flink's SinkWriterOperator). write() is synchronous per record; flush() may be async and
 * is awaited per batch by the task (periodically and at the end), never per record. While a writer says it is
 * unavailable, or a flush is in flight, the task stops feeding records (backpressure).
 */
export class SinkWriterOperator implements OneInputStreamOperator<unknown, unknown>, SinkWriterContext {
  private writer!: SinkWriter<unknown, unknown>;
  private currentTimestamp = NO_TIMESTAMP;
  private watermark = MIN_WATERMARK;
  private pendingFlush: Promise<void> | undefined;
  private output!: Output<unknown>;

  constructor(
    private readonly sink: Sink<unknown, unknown>,
    private readonly initContext: SinkInitContext,
  ) {}

  setup(parameters: StreamOperatorParameters<unknown>): void {
    this.output = parameters.output;
  }

  open(): void {
    this.writer = this.sink.createWriter(this.initContext);
  }

  processElement(value: unknown, timestamp: number): void {
    this.currentTimestamp = timestamp;
    this.writer.write(value, this);
  }

  timestamp(): number | undefined {
    return this.currentTimestamp === NO_TIMESTAMP ? undefined : this.currentTimestamp;
  }

  currentWatermark(): number {
    return this.watermark;
  }

  processWatermark(watermark: number): void {
    this.watermark = watermark;
    this.writer.writeWatermark?.(watermark);
    this.output.emitWatermark(watermark);
  }

  processWatermarkStatus(idle: boolean): void {
    this.output.emitWatermarkStatus(idle);
  }

  endInput(): void {}

  inputBlocked(): Promise<void> | undefined {
    if (this.pendingFlush !== undefined) return this.pendingFlush;
    const writer = this.writer;
    if (writer.isAvailable !== undefined && !writer.isAvailable()) {
      return writer.whenAvailable?.() ?? Promise.resolve();
    }
    return undefined;
  }

  /** Called on the buffer-timeout tick: starts a flush unless one is in flight. Errors surface through the task. */
  flushPeriodically(): Promise<void> | undefined {
    if (this.pendingFlush !== undefined) return undefined;
    const result = this.writer.flush(false);
    if (result === undefined) return undefined;
    this.pendingFlush = result.finally(() => {
      this.pendingFlush = undefined;
    });
    return this.pendingFlush;
  }

  async finish(): Promise<void> {
    if (this.pendingFlush !== undefined) await this.pendingFlush;
    await this.writer.flush(true);
  }

  async close(): Promise<void> {
    if (this.writer !== undefined) await this.writer.close();
  }
}
