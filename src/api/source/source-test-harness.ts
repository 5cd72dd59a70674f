import type { NumberSequenceSplit } from './iterator-source-reader.js';
import type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceOutput,
  SourceReader,
  SplitEnumerator,
  SplitEnumeratorContext,
} from './source.js';

// Test-only: drives a position-range source's enumerator and readers directly, wiring split requests to the
// enumerator and its assignments back to the readers (synchronously, or deferred until deliverAssignments()).

type SequenceSource<T> = Source<T, NumberSequenceSplit, NumberSequenceSplit[]>;

class CapturingOutput<T> implements ReaderOutput<T> {
  readonly batches: T[][] = [];
  current: T[] = [];
  collect(record: T): void {
    this.current.push(record);
  }
  emitWatermark(): void {}
  markIdle(): void {}
  markActive(): void {}
  createOutputForSplit(): SourceOutput<T> {
    return this;
  }
  releaseOutputForSplit(): void {}
}

export class SourceHarness<T> {
  readonly enumerator: SplitEnumerator<NumberSequenceSplit, NumberSequenceSplit[]>;
  readonly enumeratorContext: SplitEnumeratorContext<NumberSequenceSplit>;
  splitRequests = 0;
  private readonly readers = new Map<number, SourceReader<T, NumberSequenceSplit>>();
  private readonly outputs = new Map<number, CapturingOutput<T>>();
  private readonly started = new Set<number>();
  private readonly pending: (() => void)[] = [];

  constructor(
    private readonly source: SequenceSource<T>,
    private readonly parallelism: number,
    options: { restoredEnumerator?: NumberSequenceSplit[]; deferAssignments?: boolean } = {},
  ) {
    const deliver = (action: () => void) => (options.deferAssignments ? this.pending.push(action) : action());
    this.enumeratorContext = {
      currentParallelism: () => parallelism,
      registeredReaders: () => new Set(this.readers.keys()),
      assignSplit: (split, subtask) => deliver(() => this.reader(subtask).addSplits([split])),
      assignSplits: (assignment) => {
        for (const [subtask, splits] of assignment) deliver(() => this.reader(subtask).addSplits(splits));
      },
      signalNoMoreSplits: (subtask) => deliver(() => this.reader(subtask).notifyNoMoreSplits()),
      sendEventToSourceReader: () => {},
    };
    this.enumerator =
      options.restoredEnumerator === undefined
        ? source.createEnumerator(this.enumeratorContext)
        : source.restoreEnumerator(this.enumeratorContext, options.restoredEnumerator);
    this.enumerator.start();
  }

  reader(subtask: number): SourceReader<T, NumberSequenceSplit> {
    let reader = this.readers.get(subtask);
    if (reader === undefined) {
      reader = this.source.createReader({
        indexOfSubtask: subtask,
        currentParallelism: this.parallelism,
        sendSplitRequest: () => {
          this.splitRequests++;
          this.enumerator.handleSplitRequest(subtask);
        },
        sendSourceEventToCoordinator: () => {},
      });
      this.readers.set(subtask, reader);
      this.outputs.set(subtask, new CapturingOutput<T>());
      this.enumerator.addReader(subtask);
    }
    return reader;
  }

  start(subtask: number): void {
    if (this.started.has(subtask)) return;
    this.started.add(subtask);
    this.reader(subtask).start();
  }

  poll(subtask: number): InputStatus {
    const reader = this.reader(subtask);
    const output = this.outputs.get(subtask)!;
    const status = reader.pollNext(output);
    if (output.current.length > 0) {
      output.batches.push(output.current);
      output.current = [];
    }
    return status;
  }

  deliverAssignments(): void {
    for (const action of this.pending.splice(0)) action();
  }

  batches(subtask: number): T[][] {
    return this.outputs.get(subtask)?.batches ?? [];
  }

  values(subtask: number): T[] {
    return this.batches(subtask).flat();
  }
}

/** Starts the reader if needed and polls it to the end of its input; returns everything it emitted. */
export function readAll<T>(harness: SourceHarness<T>, subtask: number): T[] {
  harness.start(subtask);
  for (let polls = 0; polls < 1_000_000; polls++) {
    const status = harness.poll(subtask);
    if (status === 'END_OF_INPUT') return harness.values(subtask);
    if (status === 'NOTHING_AVAILABLE') harness.deliverAssignments();
  }
  throw new Error('the reader never reached END_OF_INPUT');
}
