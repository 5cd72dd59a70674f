import type { ProcessingTimeService } from '../operators/timers.js';
import type { ReaderOutput, SourceOutput } from '../source/source.js';
import {
  type EventTimeDataOutput,
  SourceOutputWithWatermarks,
  WatermarkToDataOutput,
} from './source-output-with-watermarks.js';
import type { TimestampAssigner } from './timestamp-assigner.js';
import type { WatermarkGeneratorContext } from './watermark-generator.js';
import type { WatermarkOutput } from './watermark-output.js';
import { type SplitWatermark, WatermarkOutputMultiplexer } from './watermark-output-multiplexer.js';
import type { WatermarkStrategy } from './watermark-strategy.js';

// Event time inside a source subtask (Flink's ProgressiveTimestampsAndWatermarks). The reader gets a main output
// with its own generator, and one output per split (createOutputForSplit), each with its own generator; the splits'
// watermarks are combined by a multiplexer (min over active splits). The subtask's watermark goes out through one
// WatermarkToDataOutput. It is idle only when both the main output and the split outputs are idle — a reader that
// uses only one of them does not keep the subtask active through the other (Flink's IdlenessManager).
// Contract: everything runs on the source task's thread; the periodic callback runs on its mailbox.

/** @internal */
export class ProgressiveTimestampsAndWatermarks<T> {
  private readonly toData: WatermarkToDataOutput;
  private readonly main: StreamingReaderOutput<T>;
  private readonly splits: SplitLocalOutputs<T>;
  private periodic: { cancel(): void } | undefined;
  private stopped = false;

  /**
   * `intervalMillis` is pipeline.auto-watermark-interval (0 or negative: no periodic emission). The processing-time
   * service is also the clock idleness is measured with.
   */
  constructor(
    strategy: WatermarkStrategy<T>,
    output: EventTimeDataOutput<T>,
    private readonly timeService: ProcessingTimeService,
    private readonly intervalMillis: number,
    sourceName: string,
  ) {
    const clock = { relativeTimeMillis: () => timeService.getCurrentProcessingTime() };
    const context: WatermarkGeneratorContext = { getInputActivityClock: () => clock };
    this.toData = new WatermarkToDataOutput(output as EventTimeDataOutput<unknown>);
    const idleness = new IdlenessManager(this.toData);
    const where = `source '${sourceName}'`;
    this.splits = new SplitLocalOutputs(output, idleness.splitLocal, strategy, context, where);
    const mainOut = idleness.main;
    this.main = new StreamingReaderOutput(
      output,
      mainOut,
      strategy.createTimestampAssigner(),
      strategy,
      context,
      where,
      this.splits,
    );
  }

  /** The output the reader's pollNext gets. */
  get readerOutput(): ReaderOutput<T> {
    return this.main;
  }

  /** The subtask's last emitted watermark. */
  get currentWatermark(): number {
    return this.toData.currentWatermark;
  }

  /** Each split's own watermark and idleness (read-only; once per metrics interval). */
  splitWatermarks(): SplitWatermark[] {
    return this.splits.splitWatermarks();
  }

  startPeriodicWatermarkEmits(): void {
    if (this.intervalMillis <= 0 || this.periodic !== undefined) return;
    this.schedule();
  }

  stopPeriodicWatermarkEmits(): void {
    this.stopped = true;
    this.periodic?.cancel();
    this.periodic = undefined;
  }

  /** One periodic round: every split generator, then the combination, then the main generator. */
  emitImmediateWatermark(): void {
    this.splits.emitPeriodicWatermark();
    this.main.emitPeriodicWatermark();
  }

  /** End of event time (bounded input ended): +Infinity, after marking the output active if it was idle. */
  emitFinalWatermark(): void {
    this.stopPeriodicWatermarkEmits();
    this.toData.emitWatermark(Number.POSITIVE_INFINITY);
  }

  private schedule(): void {
    // Fixed delay, as Flink's scheduleWithFixedDelay: the next round is due an interval after this one ran.
    const next = this.timeService.getCurrentProcessingTime() + this.intervalMillis;
    this.periodic = this.timeService.registerTimer(next, () => {
      if (this.stopped) return;
      this.emitImmediateWatermark();
      this.schedule();
    });
  }
}

class StreamingReaderOutput<T> extends SourceOutputWithWatermarks<T> implements ReaderOutput<T> {
  constructor(
    records: EventTimeDataOutput<T>,
    watermarks: WatermarkOutput,
    assigner: TimestampAssigner<T>,
    strategy: WatermarkStrategy<T>,
    context: WatermarkGeneratorContext,
    where: string,
    private readonly splits: SplitLocalOutputs<T>,
  ) {
    super(records, watermarks, watermarks, assigner, strategy.createWatermarkGenerator(context), where);
  }
  createOutputForSplit(splitId: string): SourceOutput<T> {
    return this.splits.createOutputForSplit(splitId);
  }
  releaseOutputForSplit(splitId: string): void {
    this.splits.releaseOutputForSplit(splitId);
  }
}

/** The per-split outputs and their multiplexer (Flink's SplitLocalOutputs). */
class SplitLocalOutputs<T> {
  private readonly multiplexer: WatermarkOutputMultiplexer;
  private readonly outputs = new Map<string, SourceOutputWithWatermarks<T>>();

  constructor(
    private readonly records: EventTimeDataOutput<T>,
    watermarks: WatermarkOutput,
    private readonly strategy: WatermarkStrategy<T>,
    private readonly context: WatermarkGeneratorContext,
    private readonly where: string,
  ) {
    this.multiplexer = new WatermarkOutputMultiplexer(watermarks);
  }

  createOutputForSplit(splitId: string): SourceOutput<T> {
    const existing = this.outputs.get(splitId);
    if (existing !== undefined) return existing;
    this.multiplexer.registerNewOutput(splitId);
    const output = new SourceOutputWithWatermarks<T>(
      this.records,
      this.multiplexer.getImmediateOutput(splitId),
      this.multiplexer.getDeferredOutput(splitId),
      this.strategy.createTimestampAssigner(),
      this.strategy.createWatermarkGenerator(this.context),
      `${this.where}, split '${splitId}'`,
    );
    this.outputs.set(splitId, output);
    return output;
  }

  releaseOutputForSplit(splitId: string): void {
    this.outputs.delete(splitId);
    this.multiplexer.unregisterOutput(splitId);
  }

  splitWatermarks(): SplitWatermark[] {
    return this.multiplexer.outputWatermarks();
  }

  emitPeriodicWatermark(): void {
    // Each split only records its candidate; the multiplexer combines them once.
    for (const output of this.outputs.values()) output.emitPeriodicWatermark();
    this.multiplexer.onPeriodicEmit();
  }
}

/** The subtask is idle only when the main output and the split outputs both are (Flink's IdlenessManager). */
class IdlenessManager {
  readonly splitLocal: IdlenessAwareOutput;
  readonly main: IdlenessAwareOutput;

  constructor(private readonly underlying: WatermarkOutput) {
    this.splitLocal = new IdlenessAwareOutput(underlying, this);
    this.main = new IdlenessAwareOutput(underlying, this);
  }

  maybeMarkIdle(): void {
    if (this.splitLocal.idle && this.main.idle) this.underlying.markIdle();
  }
}

class IdlenessAwareOutput implements WatermarkOutput {
  /** Starts idle: an output the reader never uses must not keep the subtask active. */
  idle = true;

  constructor(
    private readonly underlying: WatermarkOutput,
    private readonly manager: IdlenessManager,
  ) {}

  emitWatermark(watermark: number): void {
    this.underlying.emitWatermark(watermark);
    this.idle = false;
  }
  markIdle(): void {
    this.idle = true;
    this.manager.maybeMarkIdle();
  }
  markActive(): void {
    this.idle = false;
    this.underlying.markActive();
  }
}
