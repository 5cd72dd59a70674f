import type { Output } from '../../../api/operators/output.js';
import type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceOutput,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
} from '../../../api/source/source.js';
import { MAX_WATERMARK, NO_TIMESTAMP } from '../../../core/time.js';
import type { CoordinatorToReaderEvent, ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';

/**
 * Drives a SourceReader in a source task (Flink's SourceOperator): registers with the enumerator, asks for splits,
 * polls the reader without blocking and, when the reader has nothing, lets the task wait on isAvailable(). At the
 * end of bounded input it emits the final watermark (MAX) that fires every event-time timer downstream.
 */
export class SourceOperator implements ReaderOutput<unknown>, SourceReaderContext {
  private reader!: SourceReader<unknown, SourceSplit>;
  private availability: Promise<void> | undefined;
  recordsOut = 0;

  constructor(
    private readonly source: Source<unknown, SourceSplit, unknown>,
    readonly indexOfSubtask: number,
    readonly currentParallelism: number,
    private readonly output: Output<unknown>,
    private readonly toCoordinator: (event: ReaderToCoordinatorEvent) => void,
  ) {}

  open(): void {
    this.reader = this.source.createReader(this);
    this.reader.start();
    this.toCoordinator({ kind: 'reader-registered', subtask: this.indexOfSubtask });
  }

  /**
   * Polls the reader until it stops having data, `budget` polls are used, or the outputs run out of credit (checked
   * between polls: a poll emits one batch of the reader's records).
   */
  emitNext(budget: number, outputs: { outputsAvailable(): boolean }): InputStatus {
    let status: InputStatus = 'MORE_AVAILABLE';
    for (let i = 0; i < budget && status === 'MORE_AVAILABLE'; i++) {
      status = this.reader.pollNext(this);
      if (!outputs.outputsAvailable()) break;
    }
    if (status === 'END_OF_INPUT') this.output.emitWatermark(MAX_WATERMARK);
    return status;
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
    if (this.reader !== undefined) await this.reader.close();
  }

  // SourceReaderContext
  sendSplitRequest(): void {
    this.toCoordinator({ kind: 'split-request', subtask: this.indexOfSubtask });
  }
  sendSourceEventToCoordinator(event: unknown): void {
    this.toCoordinator({ kind: 'source-event', subtask: this.indexOfSubtask, event });
  }

  // ReaderOutput: per-split outputs share the main output until per-split watermarks arrive with event time.
  collect(record: unknown, timestamp?: number): void {
    this.recordsOut++;
    this.output.collect(record, timestamp ?? NO_TIMESTAMP);
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
