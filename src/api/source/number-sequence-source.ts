import type { TypeInformation } from '../../core/types/type-information.js';
import { IteratorSourceEnumerator } from './iterator-source-enumerator.js';
import { IteratorSourceReader, type NumberSequenceSplit } from './iterator-source-reader.js';
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
 * The numbers from `from` to `to`, both inclusive (Flink's NumberSequenceSource, behind env.fromSequence). A parallel,
 * bounded source: the enumerator cuts the range into one contiguous split per source subtask, the way Flink's
 * NumberSequenceIterator.split does, and each reader emits its split in order. Flink emits Java longs; readers here
 * emit JS numbers, so both ends must be safe integers (|n| <= 2^53 - 1), where every number is exact.
 */
export class NumberSequenceSource implements Source<number, NumberSequenceSplit, NumberSequenceSplit[]> {
  readonly from: number;
  readonly to: number;

  constructor(
    from: number,
    to: number,
    readonly producedType?: TypeInformation<number>,
  ) {
    this.from = checkBound(from, 'from');
    this.to = checkBound(to, 'to');
    if (this.from > this.to) {
      throw new RangeError(
        `Start of sequence must not be greater than the end: from ${this.from} > to ${this.to}. Swap them.`,
      );
    }
  }

  getBoundedness(): Boundedness {
    return 'BOUNDED';
  }

  createReader(context: SourceReaderContext): SourceReader<number, NumberSequenceSplit> {
    return new IteratorSourceReader<number>(context, emitNumbers);
  }

  createEnumerator(
    context: SplitEnumeratorContext<NumberSequenceSplit>,
  ): SplitEnumerator<NumberSequenceSplit, NumberSequenceSplit[]> {
    return new IteratorSourceEnumerator(context, splitNumberRange(this.from, this.to, context.currentParallelism()));
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<NumberSequenceSplit>,
    checkpoint: NumberSequenceSplit[],
  ): SplitEnumerator<NumberSequenceSplit, NumberSequenceSplit[]> {
    return new IteratorSourceEnumerator(context, checkEnumeratorCheckpoint(checkpoint, 'NumberSequenceSource'));
  }
}

function emitNumbers(output: SourceOutput<number>, from: number, to: number): void {
  for (let v = from; v <= to; v++) output.collect(v);
}

/**
 * Cuts [from, to] into `numSplits` contiguous ranges as Flink's NumberSequenceIterator.split does: every range gets
 * floor(count / numSplits) numbers and the first (count mod numSplits) ranges one more. Ranges that would be empty
 * (fewer numbers than splits) are left out. Split ids are "1", "2", ... in range order. Pure.
 */
export function splitNumberRange(from: number, to: number, numSplits: number): NumberSequenceSplit[] {
  if (!Number.isInteger(numSplits) || numSplits < 1) {
    throw new RangeError(`The number of splits must be a positive integer, got ${numSplits}`);
  }
  // The count can exceed 2^53 (from = -(2^53 - 1), to = 2^53 - 1), so the arithmetic is done in bigint.
  const count = BigInt(to) - BigInt(from) + 1n;
  const parts = BigInt(numSplits);
  const perSplit = count / parts;
  const withExtra = count - perSplit * parts;
  const splits: NumberSequenceSplit[] = [];
  let start = BigInt(from);
  for (let i = 0n; i < parts; i++) {
    const length = perSplit + (i < withExtra ? 1n : 0n);
    if (length === 0n) break;
    const end = start + length - 1n;
    splits.push({ splitId: String(splits.length + 1), from: Number(start), to: Number(end) });
    start = end + 1n;
  }
  return splits;
}

function checkBound(value: number, name: string): number {
  if (typeof value === 'bigint') value = Number(value);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `fromSequence: '${name}' is ${String(value)}, not a safe integer. Sequences emit JS numbers, which are exact ` +
        `only between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER} (±(2^53 - 1)); pass whole numbers ` +
        'in that range.',
    );
  }
  return value;
}

/** Validates a restored enumerator checkpoint (a list of position-range splits). */
export function checkEnumeratorCheckpoint(checkpoint: unknown, source: string): NumberSequenceSplit[] {
  if (!Array.isArray(checkpoint)) {
    throw new TypeError(
      `${source}: cannot restore the enumerator from ${JSON.stringify(checkpoint)}; expected the list of ` +
        'remaining splits its snapshotState() returned',
    );
  }
  for (const split of checkpoint) {
    const s = split as Partial<NumberSequenceSplit> | null;
    if (
      s === null ||
      typeof s !== 'object' ||
      typeof s.splitId !== 'string' ||
      !Number.isSafeInteger(s.from) ||
      !Number.isSafeInteger(s.to)
    ) {
      throw new TypeError(`${source}: the enumerator checkpoint holds an invalid split ${JSON.stringify(split)}`);
    }
  }
  return checkpoint as NumberSequenceSplit[];
}
