import type { Timestamped } from '../api/operators/operator-harness.js';
import type { Sink, SinkWriter, SinkWriterContext } from '../api/sink/sink.js';
import type {
  Boundedness,
  Source,
  SourceReader,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from '../api/source/source.js';
import { NO_TIMESTAMP } from '../core/time.js';
import type { TypeInformation } from '../core/types/type-information.js';

// The two ends of a job under a JobTestDriver: a source whose records the test pushes, and a sink that keeps what
// reaches it. Both are plain Source/Sink objects so the job is built with the ordinary DataStream API; the driver
// recognises them in the graph. Contract: used on the test's thread only.

const NOT_IN_A_CLUSTER =
  'is a JobTestDriver input: it has no reader of its own and only runs under the driver of weir/testing. ' +
  'Run the job with the driver (driver.input(name).pipeInput(...)), or use a real source for a cluster.';

/** A named input of a test job; the driver writes its records into the job. */
export class TestInputSource<T> implements Source<T, SourceSplit, unknown> {
  constructor(
    readonly inputName: string,
    readonly producedType?: TypeInformation<T>,
  ) {}

  getBoundedness(): Boundedness {
    return 'CONTINUOUS_UNBOUNDED';
  }
  createReader(): SourceReader<T, SourceSplit> {
    throw new Error(`Source '${this.inputName}' ${NOT_IN_A_CLUSTER}`);
  }
  createEnumerator(_context: SplitEnumeratorContext<SourceSplit>): SplitEnumerator<SourceSplit, unknown> {
    throw new Error(`Source '${this.inputName}' ${NOT_IN_A_CLUSTER}`);
  }
  restoreEnumerator(context: SplitEnumeratorContext<SourceSplit>): SplitEnumerator<SourceSplit, unknown> {
    return this.createEnumerator(context);
  }
}

/** A sink that appends every record (with its timestamp) to `records`, from all of its subtasks. */
export class CollectingTestSink<T> implements Sink<T> {
  readonly records: Timestamped<T>[] = [];
  /** Watermarks the sink's subtasks saw, in arrival order (from every subtask). */
  readonly watermarks: number[] = [];

  constructor(readonly sinkName: string) {}

  createWriter(): SinkWriter<T> {
    const records = this.records;
    const watermarks = this.watermarks;
    return {
      write(element: T, context: SinkWriterContext): void {
        records.push({ value: element, timestamp: context.timestamp() ?? NO_TIMESTAMP });
      },
      writeWatermark(watermark: number): void {
        watermarks.push(watermark);
      },
      flush(): void {},
      close(): void {},
    };
  }
}
