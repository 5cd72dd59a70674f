import type { SourceSplit } from '../../api/source/source.js';
import type { GeneratorRange, ResolvedNexmarkConfig } from './generator-config.js';
import { splitGeneratorRanges } from './generator-config.js';

// A Nexmark split is one event generator: its id range, its event-time line and how far it has got. Splits are plain,
// immutable data (they travel from the enumerator to readers and into checkpoints); a reader keeps its mutable
// position elsewhere and writes a fresh split object on snapshot.

export interface NexmarkSplit extends SourceSplit, GeneratorRange {
  /** `generator-<i>-of-<n>`. */
  readonly splitId: string;
  /** i in 0 … numGenerators − 1; the split's default owner is subtask i mod parallelism. */
  readonly generatorIndex: number;
  /** The next event number to emit (0 … eventCount); the split's whole state. */
  readonly nextEventNumber: number;
  /** Wall-clock ms at which this split emitted its first event when paced (max-emit-speed false); −1 before. */
  readonly wallclockBaseTime: number;
}

/** The splits of a fresh source: one per generator, all at event number 0. Called by the enumerator at creation. */
export function createNexmarkSplits(
  config: ResolvedNexmarkConfig,
  numGenerators: number,
  baseTime: number,
): NexmarkSplit[] {
  return splitGeneratorRanges(config, numGenerators, baseTime).map((range, i) => ({
    splitId: `generator-${i}-of-${numGenerators}`,
    generatorIndex: i,
    firstEventId: range.firstEventId,
    eventCount: range.eventCount,
    numGenerators: range.numGenerators,
    baseTime: range.baseTime,
    nextEventNumber: 0,
    wallclockBaseTime: -1,
  }));
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Throws a clear error when `split` is not a well-formed Nexmark split (e.g. state from another source). */
export function checkNexmarkSplit(split: NexmarkSplit): void {
  const where = `Nexmark split '${String(split?.splitId)}'`;
  if (typeof split !== 'object' || split === null || typeof split.splitId !== 'string') {
    throw new Error(`${where} is not a Nexmark split; restore this source only from its own checkpoints.`);
  }
  const counts = [
    'generatorIndex',
    'firstEventId',
    'eventCount',
    'numGenerators',
    'baseTime',
    'nextEventNumber',
  ] as const;
  for (const field of counts) {
    if (!isCount(split[field])) {
      throw new Error(
        `${where} has ${field} = ${String(split[field])}; expected a non-negative integer. Is the state from another source?`,
      );
    }
  }
  if (split.nextEventNumber > split.eventCount) {
    throw new Error(`${where} is at event ${split.nextEventNumber}, past its end ${split.eventCount}.`);
  }
  if (split.numGenerators < 1 || split.generatorIndex >= split.numGenerators) {
    throw new Error(
      `${where} is generator ${split.generatorIndex} of ${split.numGenerators}; expected index < count ≥ 1.`,
    );
  }
  if (typeof split.wallclockBaseTime !== 'number' || !Number.isSafeInteger(split.wallclockBaseTime)) {
    throw new Error(
      `${where} has wallclockBaseTime = ${String(split.wallclockBaseTime)}; expected an integer (−1 = unset).`,
    );
  }
}
