// Nexmark generator throughput on one core: the mixed stream (1:3:46), bids alone, and the whole source reader
// path (pollNext batches into a no-op output). Run: node --import tsx bench/nexmark-generator.ts

import { pathToFileURL } from 'node:url';
import type { ReaderOutput, SourceOutput } from '../src/api/source/source.js';
import { resolveNexmarkConfig, splitGeneratorRanges } from '../src/connectors/nexmark/generator-config.js';
import type { NexmarkEvent } from '../src/connectors/nexmark/model.js';
import { NexmarkGenerator } from '../src/connectors/nexmark/nexmark-generator.js';
import { NexmarkSourceReader } from '../src/connectors/nexmark/nexmark-source-reader.js';
import { createNexmarkSplits } from '../src/connectors/nexmark/nexmark-split.js';

export interface GeneratorBenchResult {
  readonly name: string;
  readonly events: number;
  readonly eventsPerSecond: number;
}

/** Counts what it is given; stands in for the task's output so the bench measures generation only. */
class CountingOutput implements ReaderOutput<NexmarkEvent>, SourceOutput<NexmarkEvent> {
  count = 0;
  lastTimestamp = 0;
  collect(_event: NexmarkEvent, timestamp?: number): void {
    this.count++;
    this.lastTimestamp = timestamp ?? 0;
  }
  emitWatermark(): void {}
  markIdle(): void {}
  markActive(): void {}
  createOutputForSplit(): SourceOutput<NexmarkEvent> {
    return this;
  }
  releaseOutputForSplit(): void {}
}

function measure(name: string, events: number, body: () => number): GeneratorBenchResult {
  body(); // warm-up pass (JIT)
  const start = process.hrtime.bigint();
  const produced = body();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (produced !== events) throw new Error(`${name}: produced ${produced} events, expected ${events}`);
  return { name, events, eventsPerSecond: events / seconds };
}

/** Runs the three measurements, prints events/s for each, and returns them. */
export function runGeneratorBench(events = 5_000_000): GeneratorBenchResult[] {
  const config = resolveNexmarkConfig({ eventsNum: events * 50, pollBatchSize: 1024 });
  const [range] = splitGeneratorRanges(config, 1, 1_700_000_000_000);
  const generator = new NexmarkGenerator(config, range);
  let sink = 0;
  const results = [
    measure('generator, mixed 1:3:46', events, () => {
      let n = 0;
      for (; n < events; n++) sink += generator.eventAt(n).eventType;
      return n;
    }),
    measure('generator, bids only', events, () => {
      let n = 0;
      for (; n < events; n++) sink += generator.eventAt(n * 50 + 4 + (n % 46)).eventType;
      return n;
    }),
    measure('source reader pollNext, mixed', events, () => {
      const reader = new NexmarkSourceReader(resolveNexmarkConfig({ eventsNum: events }), {
        indexOfSubtask: 0,
        currentParallelism: 1,
        sendSplitRequest: () => {},
        sendSourceEventToCoordinator: () => {},
      });
      reader.addSplits(createNexmarkSplits(resolveNexmarkConfig({ eventsNum: events }), 1, 1_700_000_000_000));
      reader.notifyNoMoreSplits();
      const output = new CountingOutput();
      while (reader.pollNext(output) === 'MORE_AVAILABLE') {}
      return output.count;
    }),
  ];
  for (const r of results) {
    console.log(`${r.name.padEnd(32)} ${(r.eventsPerSecond / 1e6).toFixed(2)} M events/s  (${r.events} events)`);
  }
  if (sink < 0) console.log(sink); // keeps the loops' results alive
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) runGeneratorBench();
