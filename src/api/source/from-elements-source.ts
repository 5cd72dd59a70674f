import type { TypeInformation } from '../../core/types/type-information.js';
import { IteratorSourceEnumerator } from './iterator-source-enumerator.js';
import { IteratorSourceReader, type NumberSequenceSplit } from './iterator-source-reader.js';
import { checkEnumeratorCheckpoint } from './number-sequence-source.js';
import type {
  Boundedness,
  Source,
  SourceOutput,
  SourceReader,
  SourceReaderContext,
  SplitEnumerator,
  SplitEnumeratorContext,
} from './source.js';

/**
 * The elements of an array, in order (behind env.fromData / fromElements / fromCollection). Like Flink's fromData
 * (a generator over element indexes) it reads positions: one split covering indexes [0, n - 1], whose `from` advances
 * as the reader emits, so a restored reader continues after the last element it had emitted. The source is
 * non-parallel (one split, parallelism 1). The array is the one shipped with the job, so it is never recomputed in
 * a worker; elements are handed downstream as they are (treat them as immutable).
 */
export class FromElementsSource<T> implements Source<T, NumberSequenceSplit, NumberSequenceSplit[]> {
  constructor(
    readonly elements: readonly T[],
    readonly producedType?: TypeInformation<T>,
  ) {
    if (!Array.isArray(elements)) {
      throw new TypeError(`FromElementsSource needs an array of elements, got ${typeof elements}`);
    }
  }

  getBoundedness(): Boundedness {
    return 'BOUNDED';
  }

  createReader(context: SourceReaderContext): SourceReader<T, NumberSequenceSplit> {
    const elements = this.elements;
    const emit = (output: SourceOutput<T>, from: number, to: number): void => {
      if (from < 0 || to >= elements.length) {
        throw new RangeError(
          `FromElementsSource: split [${from}, ${to}] lies outside the ${elements.length} elements; the restored ` +
            'state belongs to a different collection',
        );
      }
      for (let i = from; i <= to; i++) output.collect(elements[i]);
    };
    return new IteratorSourceReader<T>(context, emit);
  }

  createEnumerator(
    context: SplitEnumeratorContext<NumberSequenceSplit>,
  ): SplitEnumerator<NumberSequenceSplit, NumberSequenceSplit[]> {
    const splits = this.elements.length === 0 ? [] : [{ splitId: '1', from: 0, to: this.elements.length - 1 }];
    return new IteratorSourceEnumerator(context, splits);
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<NumberSequenceSplit>,
    checkpoint: NumberSequenceSplit[],
  ): SplitEnumerator<NumberSequenceSplit, NumberSequenceSplit[]> {
    return new IteratorSourceEnumerator(context, checkEnumeratorCheckpoint(checkpoint, 'FromElementsSource'));
  }
}
