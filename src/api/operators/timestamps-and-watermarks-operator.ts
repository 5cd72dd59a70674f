import { MAX_WATERMARK, MIN_WATERMARK } from '../../core/time.js';
import { DEFAULT_AUTO_WATERMARK_INTERVAL_MS } from '../eventtime/auto-watermark-interval.js';
import { checkTimestamp, type TimestampAssigner } from '../eventtime/timestamp-assigner.js';
import type { WatermarkGenerator, WatermarkGeneratorContext } from '../eventtime/watermark-generator.js';
import type { WatermarkOutput } from '../eventtime/watermark-output.js';
import type { WatermarkStrategy } from '../eventtime/watermark-strategy.js';
import type { Output } from './output.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from './stream-operator.js';
import type { ProcessingTimeService } from './timers.js';

/**
 * assignTimestampsAndWatermarks (Flink's TimestampsAndWatermarksOperator): assigns each record its timestamp, shows
 * it to the generator, and calls the generator's onPeriodicEmit every `watermarkInterval` ms of processing time
 * (0 or negative: never). It replaces the event time of its input: upstream watermarks are swallowed except the
 * final +Infinity (end of input), and upstream idleness is swallowed too. It emits no final watermark of its own.
 * Contract: all methods run on the task's thread; the periodic callback arrives through the task's mailbox.
 */
export class TimestampsAndWatermarksOperator<T> implements OneInputStreamOperator<T, T> {
  private output!: Output<T>;
  private timeService!: ProcessingTimeService;
  private assigner!: TimestampAssigner<T>;
  private generator!: WatermarkGenerator<T>;
  private emitter!: WatermarkEmitter;
  private periodic: { cancel(): void } | undefined;
  private closed = false;
  private readonly onTimer = () => this.onProcessingTime();

  constructor(
    private readonly strategy: WatermarkStrategy<T>,
    private readonly watermarkInterval: number = DEFAULT_AUTO_WATERMARK_INTERVAL_MS,
  ) {}

  setup(parameters: StreamOperatorParameters<T>): void {
    this.output = parameters.output;
    this.timeService = parameters.processingTimeService;
  }

  open(): void {
    const clock = { relativeTimeMillis: () => this.timeService.getCurrentProcessingTime() };
    const context: WatermarkGeneratorContext = { getInputActivityClock: () => clock };
    this.assigner = this.strategy.createTimestampAssigner();
    this.generator = this.strategy.createWatermarkGenerator(context);
    this.emitter = new WatermarkEmitter(this.output);
    if (this.watermarkInterval > 0) this.scheduleNext();
  }

  processElement(value: T, timestamp: number): void {
    const ts = checkTimestamp(this.assigner.extractTimestamp(value, timestamp), value, 'assignTimestampsAndWatermarks');
    this.output.collect(value, ts);
    this.generator.onEvent(value, ts, this.emitter);
  }

  /** Only the end of event time passes: it is what fires everything downstream at the end of bounded input. */
  processWatermark(watermark: number): void {
    if (watermark === MAX_WATERMARK && this.emitter.currentWatermark !== MAX_WATERMARK) {
      this.emitter.emitWatermark(MAX_WATERMARK);
    }
  }

  processWatermarkStatus(_idle: boolean): void {}

  endInput(): void {}

  finish(): void {
    this.generator.onPeriodicEmit(this.emitter);
  }

  close(): void {
    this.closed = true;
    this.periodic?.cancel();
    this.periodic = undefined;
  }

  private onProcessingTime(): void {
    if (this.closed) return;
    this.generator.onPeriodicEmit(this.emitter);
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const next = this.timeService.getCurrentProcessingTime() + this.watermarkInterval;
    this.periodic = this.timeService.registerTimer(next, this.onTimer);
  }
}

/** The operator's WatermarkOutput (Flink's WatermarkEmitter): only increasing watermarks, idleness changes once. */
class WatermarkEmitter implements WatermarkOutput {
  currentWatermark = MIN_WATERMARK;
  private idle = false;

  constructor(private readonly output: Output<unknown>) {}

  emitWatermark(watermark: number): void {
    if (watermark <= this.currentWatermark) return;
    this.currentWatermark = watermark;
    this.markActive();
    this.output.emitWatermark(watermark);
  }
  markIdle(): void {
    if (this.idle) return;
    this.idle = true;
    this.output.emitWatermarkStatus(true);
  }
  markActive(): void {
    if (!this.idle) return;
    this.idle = false;
    this.output.emitWatermarkStatus(false);
  }
}
