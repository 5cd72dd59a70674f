import { ProgressiveTimestampsAndWatermarks } from '../../../api/eventtime/progressive-timestamps-and-watermarks.js';
import type { SplitWatermark } from '../../../api/eventtime/watermark-output-multiplexer.js';
import type { WatermarkStrategy } from '../../../api/eventtime/watermark-strategy.js';
import type { Output } from '../../../api/operators/output.js';
import type { ProcessingTimeService } from '../../../api/operators/timers.js';
import type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceOutput,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
} from '../../../api/source/source.js';
import type { OperatorStateStore } from '../../../api/state/checkpointing.js';
import { ListStateDescriptor } from '../../../api/state/descriptors.js';
import { MAX_WATERMARK, NO_TIMESTAMP } from '../../../core/time.js';
import type { CoordinatorToReaderEvent, ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';

/** Event time of a source with a WatermarkStrategy (from fromSource). */
export interface SourceEventTime {
  readonly strategy: WatermarkStrategy<unknown>;
  readonly processingTimeService: ProcessingTimeService;
  /** pipeline.auto-watermark-interval in ms; 0 or negative: no periodic emission. */
  readonly autoWatermarkInterval: number;
  readonly sourceName: string;
}

/**
 * Drives a SourceReader in a source task (Flink's SourceOperator): registers with the enumerator, asks for splits,
 * polls the reader without blocking and, when the reader has nothing, lets the task wait on isAvailable(). With a
 * WatermarkStrategy, the reader writes to per-split outputs that assign timestamps and generate watermarks (the
 * subtask's watermark is the min over its active splits; see ProgressiveTimestampsAndWatermarks), and periodic
 * generators run on the task's processing-time service. At the end of bounded input it emits the final watermark
 * (MAX) that fires every event-time timer downstream. Called on the task's thread only.
 */
export class SourceOperator implements ReaderOutput<unknown>, SourceReaderContext {
  private reader!: SourceReader<unknown, SourceSplit>;
  private availability: Promise<void> | undefined;
  private readonly counted: CountingOutput;
  private readerOutput: ReaderOutput<unknown> = this;
  private eventTimeLogic: ProgressiveTimestampsAndWatermarks<unknown> | undefined;
  private restoredSplits: SourceSplit[] = [];

  constructor(
    private readonly source: Source<unknown, SourceSplit, unknown>,
    readonly indexOfSubtask: number,
    readonly currentParallelism: number,
    private readonly output: Output<unknown>,
    private readonly toCoordinator: (event: ReaderToCoordinatorEvent) => void,
    private readonly eventTime?: SourceEventTime,
  ) {
    this.counted = new CountingOutput(output);
  }

  /** Records the reader emitted (numRecordsOut of the source). */
  get recordsOut(): number {
    return this.counted.count;
  }

  /** True when the source has a WatermarkStrategy (per-split watermarks). */
  get hasEventTime(): boolean {
    return this.eventTime !== undefined;
  }

  /**
   * Each split's watermark and idleness (for the watermark diagnosis); empty without a WatermarkStrategy. Read on
   * the task's thread once per metrics interval.
   */
  splitWatermarks(): SplitWatermark[] {
    return this.eventTimeLogic?.splitWatermarks() ?? [];
  }

  open(): void {
    const et = this.eventTime;
    if (et !== undefined) {
      const logic = new ProgressiveTimestampsAndWatermarks<unknown>(
        et.strategy,
        this.counted,
        et.processingTimeService,
        et.autoWatermarkInterval,
        et.sourceName,
      );
      this.eventTimeLogic = logic;
      this.readerOutput = logic.readerOutput;
    }
    this.reader = this.source.createReader(this);
    if (this.restoredSplits.length > 0) this.reader.addSplits(this.restoredSplits);
    this.restoredSplits = [];
    this.reader.start();
    this.eventTimeLogic?.startPeriodicWatermarkEmits();
    this.toCoordinator({ kind: 'reader-registered', subtask: this.indexOfSubtask });
  }

  /**
   * Polls the reader until it stops having data, `budget` polls are used, the time slice (`deadline`, a
   * performance.now() value) is over, or the outputs run out of credit (checked between polls: a poll emits one
   * batch of the reader's records). The deadline keeps a turn short when user functions are slow, so checkpoint
   * triggers, timers and the other tasks of the worker are not held up.
   */
  emitNext(budget: number, outputs: { outputsAvailable(): boolean }, deadline = Number.POSITIVE_INFINITY): InputStatus {
    let status: InputStatus = 'MORE_AVAILABLE';
    for (let i = 0; i < budget && status === 'MORE_AVAILABLE'; i++) {
      status = this.reader.pollNext(this.readerOutput);
      if (!outputs.outputsAvailable() || performance.now() > deadline) break;
    }
    if (status === 'END_OF_INPUT') this.emitFinalWatermark();
    return status;
  }

  /** The end of event time: fires every event-time timer downstream (end of input, or stop with --drain). */
  emitFinalWatermark(): void {
    if (this.eventTimeLogic !== undefined) this.eventTimeLogic.emitFinalWatermark();
    else this.output.emitWatermark(MAX_WATERMARK);
  }

  /** The reader's availability future (one per wait, not per poll). */
  whenAvailable(): Promise<void> {
    if (this.availability === undefined) {
      this.availability = this.reader.isAvailable().finally(() => {
        this.availability = undefined;
      });
    }
    return this.availability;
  }

  /** Before open(): the splits this reader owned at the checkpoint restored from (Flink keeps them as list state). */
  initializeState(store: OperatorStateStore): void {
    this.restoredSplits = [...store.getListState(READER_STATE).get()] as SourceSplit[];
  }

  /** At a barrier: the reader's unfinished splits with their positions. */
  snapshotState(checkpointId: number, store: OperatorStateStore): void {
    store.getListState(READER_STATE).update(this.reader.snapshotState(checkpointId));
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.reader.notifyCheckpointComplete?.(checkpointId);
  }

  handleOperatorEvent(event: CoordinatorToReaderEvent): void {
    switch (event.kind) {
      case 'add-splits':
        this.reader.addSplits(event.splits as SourceSplit[]);
        return;
      case 'no-more-splits':
        this.reader.notifyNoMoreSplits();
        return;
      case 'source-event':
        this.reader.handleSourceEvents?.(event.event);
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown coordinator event ${JSON.stringify(never)}`);
      }
    }
  }

  async close(): Promise<void> {
    this.eventTimeLogic?.stopPeriodicWatermarkEmits();
    if (this.reader !== undefined) await this.reader.close();
  }

  // SourceReaderContext
  sendSplitRequest(): void {
    this.toCoordinator({ kind: 'split-request', subtask: this.indexOfSubtask });
  }
  sendSourceEventToCoordinator(event: unknown): void {
    this.toCoordinator({ kind: 'source-event', subtask: this.indexOfSubtask, event });
  }

  // ReaderOutput of a source without a WatermarkStrategy: records keep the reader's timestamps, split outputs
  // share the main output.
  collect(record: unknown, timestamp?: number): void {
    this.counted.collect(record, timestamp ?? NO_TIMESTAMP);
  }
  emitWatermark(watermark: number): void {
    this.output.emitWatermark(watermark);
  }
  markIdle(): void {
    this.output.emitWatermarkStatus(true);
  }
  markActive(): void {
    this.output.emitWatermarkStatus(false);
  }
  createOutputForSplit(_splitId: string): SourceOutput<unknown> {
    return this;
  }
  releaseOutputForSplit(_splitId: string): void {}
}

/** Flink's name for the list state that holds a source reader's splits. */
const READER_STATE = new ListStateDescriptor<unknown>('SourceReaderState');

/** The chain output, counting records (numRecordsOut). */
class CountingOutput {
  count = 0;
  constructor(private readonly output: Output<unknown>) {}
  collect(record: unknown, timestamp: number): void {
    this.count++;
    this.output.collect(record, timestamp);
  }
  emitWatermark(watermark: number): void {
    this.output.emitWatermark(watermark);
  }
  emitWatermarkStatus(idle: boolean): void {
    this.output.emitWatermarkStatus(idle);
  }
}
