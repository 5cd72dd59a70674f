import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  InputStatus,
  ReaderOutput,
  SourceOutput,
  SourceReaderContext,
  SplitEnumeratorContext,
} from '../../api/source/source.js';
import type { NexmarkConfig } from './generator-config.js';
import { resolveNexmarkConfig } from './generator-config.js';
import type { NexmarkEvent } from './model.js';
import { eventTimestamp } from './model.js';
import { NexmarkGenerator } from './nexmark-generator.js';
import { NexmarkSource, nexmarkSource } from './nexmark-source.js';
import { NexmarkSourceReader } from './nexmark-source-reader.js';
import type { NexmarkSplit } from './nexmark-split.js';
import { createNexmarkSplits } from './nexmark-split.js';

const BASE_TIME = 1_700_000_000_000;

class FakeEnumeratorContext implements SplitEnumeratorContext<NexmarkSplit> {
  readonly readers = new Set<number>();
  readonly assigned = new Map<number, NexmarkSplit[]>();
  readonly noMore = new Set<number>();
  constructor(private readonly parallelism: number) {}
  currentParallelism(): number {
    return this.parallelism;
  }
  registeredReaders(): ReadonlySet<number> {
    return this.readers;
  }
  assignSplit(split: NexmarkSplit, subtask: number): void {
    this.assignSplits(new Map([[subtask, [split]]]));
  }
  assignSplits(assignment: ReadonlyMap<number, NexmarkSplit[]>): void {
    for (const [subtask, splits] of assignment)
      this.assigned.set(subtask, [...(this.assigned.get(subtask) ?? []), ...splits]);
  }
  signalNoMoreSplits(subtask: number): void {
    this.noMore.add(subtask);
  }
  sendEventToSourceReader(): void {}
  register(subtask: number): void {
    this.readers.add(subtask);
  }
}

class FakeReaderContext implements SourceReaderContext {
  requests = 0;
  constructor(
    readonly indexOfSubtask = 0,
    readonly currentParallelism = 1,
  ) {}
  sendSplitRequest(): void {
    this.requests++;
  }
  sendSourceEventToCoordinator(): void {}
}

interface Emitted {
  readonly split: string;
  readonly event: NexmarkEvent;
  readonly timestamp: number | undefined;
}

/** Records what a reader emits, tagged with the split output it went through. */
class RecordingOutput implements ReaderOutput<NexmarkEvent> {
  readonly emitted: Emitted[] = [];
  readonly released: string[] = [];
  collect(event: NexmarkEvent, timestamp?: number): void {
    this.emitted.push({ split: '(reader)', event, timestamp });
  }
  emitWatermark(): void {}
  markIdle(): void {}
  markActive(): void {}
  createOutputForSplit(splitId: string): SourceOutput<NexmarkEvent> {
    const emitted = this.emitted;
    return {
      collect: (event, timestamp) => emitted.push({ split: splitId, event, timestamp }),
      emitWatermark: () => {},
      markIdle: () => {},
      markActive: () => {},
    };
  }
  releaseOutputForSplit(splitId: string): void {
    this.released.push(splitId);
  }
}

function splitsFor(options: NexmarkConfig, generators: number): NexmarkSplit[] {
  return createNexmarkSplits(resolveNexmarkConfig(options), generators, BASE_TIME);
}

function readerWith(options: NexmarkConfig, splits: NexmarkSplit[], now?: () => number): NexmarkSourceReader {
  const reader = new NexmarkSourceReader(resolveNexmarkConfig(options), new FakeReaderContext(), now);
  reader.start();
  reader.addSplits(splits);
  reader.notifyNoMoreSplits();
  return reader;
}

/** Polls until END_OF_INPUT (or `maxPolls`); returns the statuses seen. */
function drain(reader: NexmarkSourceReader, output: RecordingOutput, maxPolls = 1_000_000): InputStatus[] {
  const statuses: InputStatus[] = [];
  for (let i = 0; i < maxPolls; i++) {
    const status = reader.pollNext(output);
    statuses.push(status);
    if (status !== 'MORE_AVAILABLE') break;
  }
  return statuses;
}

function expectedEvents(options: NexmarkConfig, split: NexmarkSplit, from: number): NexmarkEvent[] {
  const generator = new NexmarkGenerator(resolveNexmarkConfig(options), split);
  return Array.from({ length: split.eventCount - from }, (_, i) => generator.eventAt(from + i));
}

describe('NexmarkSplitEnumerator', () => {
  it('gives each reader the generator with its index by default (generators = parallelism), then no more', () => {
    const context = new FakeEnumeratorContext(3);
    const enumerator = nexmarkSource({ eventsNum: 300, baseTime: BASE_TIME }).createEnumerator(context);
    enumerator.start();
    for (const subtask of [0, 1, 2]) {
      context.register(subtask);
      enumerator.addReader(subtask);
    }
    assert.deepEqual(
      [0, 1, 2].map((s) => context.assigned.get(s)?.map((split) => split.splitId)),
      [['generator-0-of-3'], ['generator-1-of-3'], ['generator-2-of-3']],
    );
    assert.deepEqual([...context.noMore].sort(), [0, 1, 2]);
    assert.deepEqual(enumerator.snapshotState(1).pendingSplits, []);
  });

  it('spreads more generators than readers round-robin, and ignores requests of unregistered readers', () => {
    const context = new FakeEnumeratorContext(2);
    const enumerator = nexmarkSource({ eventsNum: 500, numEventGenerators: 5 }).createEnumerator(context);
    enumerator.start();
    enumerator.handleSplitRequest(0);
    assert.equal(context.assigned.size, 0);
    assert.equal(enumerator.snapshotState(1).pendingSplits.length, 5);
    context.register(0);
    enumerator.handleSplitRequest(0);
    context.register(1);
    enumerator.addReader(1);
    assert.deepEqual(
      context.assigned.get(0)?.map((s) => s.generatorIndex),
      [0, 2, 4],
    );
    assert.deepEqual(
      context.assigned.get(1)?.map((s) => s.generatorIndex),
      [1, 3],
    );
  });

  it('stamps baseTime when the enumerator is created, unless configured', () => {
    const before = Date.now();
    const context = new FakeEnumeratorContext(1);
    const state = nexmarkSource().createEnumerator(context).snapshotState(1);
    const stamped = state.pendingSplits[0].baseTime;
    assert.ok(stamped >= before && stamped <= Date.now());
  });

  it('re-assigns splits added back, from its checkpoint as well', () => {
    const source = nexmarkSource({ eventsNum: 100, baseTime: BASE_TIME });
    const context = new FakeEnumeratorContext(1);
    const enumerator = source.createEnumerator(context);
    const splits = enumerator.snapshotState(1).pendingSplits;
    const restoredContext = new FakeEnumeratorContext(1);
    const restored = source.restoreEnumerator(restoredContext, { pendingSplits: [] });
    restored.addSplitsBack([{ ...splits[0], nextEventNumber: 40 }], 0);
    assert.equal(restoredContext.assigned.size, 0, 'not registered yet');
    restoredContext.register(0);
    restored.addReader(0);
    assert.equal(restoredContext.assigned.get(0)?.[0].nextEventNumber, 40);
    assert.throws(() => source.restoreEnumerator(context, {} as never), /no pendingSplits list/);
  });
});

describe('NexmarkSourceReader', () => {
  const options: NexmarkConfig = { eventsNum: 5000, pollBatchSize: 1000, seed: 3 };

  it('emits a bounded split in batches with dateTime timestamps, then END_OF_INPUT', () => {
    const [split] = splitsFor(options, 1);
    const reader = readerWith(options, [split]);
    const output = new RecordingOutput();
    const statuses = drain(reader, output);
    assert.deepEqual(statuses, [
      'MORE_AVAILABLE',
      'MORE_AVAILABLE',
      'MORE_AVAILABLE',
      'MORE_AVAILABLE',
      'MORE_AVAILABLE',
      'END_OF_INPUT',
    ]);
    assert.deepEqual(
      output.emitted.map((e) => e.event),
      expectedEvents(options, split, 0),
    );
    assert.ok(output.emitted.every((e) => e.timestamp === eventTimestamp(e.event) && e.split === split.splitId));
    assert.deepEqual(output.released, [split.splitId]);
  });

  it('resumes exactly from a snapshot: the restored reader emits the tail of the full run', () => {
    const [split] = splitsFor(options, 1);
    const first = readerWith(options, [split]);
    // The runtime passes the same ReaderOutput to every poll (split outputs are created once from it).
    const output = new RecordingOutput();
    first.pollNext(output);
    first.pollNext(output);
    const snapshot = first.snapshotState(7);
    assert.deepEqual(
      snapshot.map((s) => s.nextEventNumber),
      [2000],
    );
    drain(first, output);
    const restored = readerWith(options, structuredClone(snapshot));
    const replay = new RecordingOutput();
    drain(restored, replay);
    assert.deepEqual(
      replay.emitted.map((e) => e.event),
      output.emitted.slice(2000).map((e) => e.event),
    );
    assert.deepEqual(
      output.emitted.map((e) => e.event),
      expectedEvents(options, split, 0),
    );
  });

  it('starts a split at any event number k with the tail of a full run', () => {
    const [split] = splitsFor(options, 1);
    const output = new RecordingOutput();
    drain(readerWith(options, [{ ...split, nextEventNumber: 1234 }]), output);
    assert.deepEqual(
      output.emitted.map((e) => e.event),
      expectedEvents(options, split, 1234),
    );
  });

  it('rotates over several splits, emitting every event of each once', () => {
    const splits = splitsFor(options, 3);
    const output = new RecordingOutput();
    const statuses = drain(readerWith(options, splits), output);
    assert.equal(statuses.at(-1), 'END_OF_INPUT');
    assert.deepEqual(
      output.emitted.slice(0, 3000).map((e) => e.split),
      [
        ...new Array(1000).fill('generator-0-of-3'),
        ...new Array(1000).fill('generator-1-of-3'),
        ...new Array(1000).fill('generator-2-of-3'),
      ],
    );
    for (const split of splits) {
      const mine = output.emitted.filter((e) => e.split === split.splitId).map((e) => e.event);
      assert.deepEqual(mine, expectedEvents(options, split, 0));
    }
    assert.deepEqual(output.released.sort(), splits.map((s) => s.splitId).sort());
  });

  it('waits for splits without ending, and wakes when they arrive', async () => {
    const reader = new NexmarkSourceReader(resolveNexmarkConfig(options), new FakeReaderContext());
    reader.start();
    const output = new RecordingOutput();
    assert.equal(reader.pollNext(output), 'NOTHING_AVAILABLE');
    const available = reader.isAvailable();
    reader.addSplits(splitsFor(options, 1));
    await available;
    assert.equal(reader.pollNext(output), 'MORE_AVAILABLE');
  });

  it('ends at once when told there are no splits; keep-alive stays open instead', () => {
    const ended = readerWith(options, []);
    assert.equal(ended.pollNext(new RecordingOutput()), 'END_OF_INPUT');
    const kept = readerWith({ ...options, keepAlive: true }, splitsFor(options, 1));
    const statuses = drain(kept, new RecordingOutput());
    assert.equal(statuses.at(-1), 'NOTHING_AVAILABLE');
    assert.equal(kept.pollNext(new RecordingOutput()), 'NOTHING_AVAILABLE');
  });

  it('paces emission to event time when max-emit-speed is false, waking by timer', async () => {
    const paced: NexmarkConfig = { eventsNum: 100, firstEventRate: 1000, maxEmitSpeed: false }; // 1 event per ms
    let now = 5_000;
    const reader = readerWith(paced, splitsFor(paced, 1), () => now);
    const output = new RecordingOutput();
    assert.equal(reader.pollNext(output), 'MORE_AVAILABLE');
    assert.equal(output.emitted.length, 1, 'only event 0 is due at the first poll');
    assert.equal(reader.pollNext(output), 'NOTHING_AVAILABLE');
    const woken = reader.isAvailable();
    now += 10;
    await woken; // the timer was set for 1 ms after the first emission
    assert.equal(reader.pollNext(output), 'MORE_AVAILABLE');
    assert.equal(output.emitted.length, 11);
    assert.deepEqual(reader.snapshotState(1)[0].wallclockBaseTime, 5_000);
    now += 1_000;
    assert.equal(drain(reader, output).at(-1), 'END_OF_INPUT');
    assert.equal(output.emitted.length, 100);
  });

  it('rejects state that is not a Nexmark split', () => {
    const reader = new NexmarkSourceReader(resolveNexmarkConfig(options), new FakeReaderContext());
    const [split] = splitsFor(options, 1);
    assert.throws(() => reader.addSplits([{ ...split, nextEventNumber: -1 }]), /nextEventNumber = -1/);
    assert.throws(() => reader.addSplits([{ ...split, nextEventNumber: split.eventCount + 1 }]), /past its end/);
  });
});

describe('NexmarkSource', () => {
  const boundedness: Array<[NexmarkConfig, string]> = [
    [{}, 'CONTINUOUS_UNBOUNDED'],
    [{ eventsNum: 10 }, 'BOUNDED'],
    [{ stopAt: 10 }, 'BOUNDED'],
    [{ eventsNum: 10, keepAlive: true }, 'CONTINUOUS_UNBOUNDED'],
  ];
  for (const [options, expected] of boundedness) {
    it(`is ${expected} for ${JSON.stringify(options)}`, () => {
      assert.equal(new NexmarkSource(options).getBoundedness(), expected);
    });
  }

  it('fails at definition time on a bad option', () => {
    assert.throws(() => nexmarkSource({ bidProportion: -1 }), /'bidProportion' is -1/);
  });

  it('produces every event of every generator once across parallel readers', () => {
    const options: NexmarkConfig = { eventsNum: 3000, numEventGenerators: 3, baseTime: BASE_TIME, pollBatchSize: 256 };
    const source = nexmarkSource(options);
    const context = new FakeEnumeratorContext(2);
    const enumerator = source.createEnumerator(context);
    enumerator.start();
    const outputs = [0, 1].map((subtask) => {
      context.register(subtask);
      enumerator.addReader(subtask);
      const reader = source.createReader(new FakeReaderContext(subtask, 2));
      reader.start();
      reader.addSplits(context.assigned.get(subtask) ?? []);
      if (context.noMore.has(subtask)) reader.notifyNoMoreSplits();
      const output = new RecordingOutput();
      drain(reader, output);
      return output;
    });
    const all = outputs.flatMap((o) => o.emitted);
    assert.equal(all.length, 3000);
    assert.equal(all.filter((e) => e.event.eventType === 0).length, 60);
    assert.equal(new Set(all.filter((e) => e.event.person).map((e) => e.event.person?.id)).size, 60);
    assert.equal(source.producedType.kind, 'ROW');
  });
});
