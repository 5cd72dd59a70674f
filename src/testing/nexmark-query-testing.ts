import type { DataStream } from '../api/datastream/data-stream.js';
import type { NexmarkConfig } from '../connectors/nexmark/generator-config.js';
import { resolveNexmarkConfig, splitGeneratorRanges } from '../connectors/nexmark/generator-config.js';
import type { NexmarkEvent } from '../connectors/nexmark/model.js';
import { eventTimestamp } from '../connectors/nexmark/model.js';
import { NexmarkGenerator } from '../connectors/nexmark/nexmark-generator.js';
import { JobTestDriver } from './job-test-driver.js';

// Test support for the Nexmark queries (not part of the public API): generated events as an array, and a run of a
// query under the JobTestDriver that pushes those events with Nexmark's watermark (max timestamp − 4 s, as the
// DDL's bounded out-of-orderness), so a query and its plain reference see the very same input. Test thread only.

/** `n` events of one in-order generator line; `baseTime` fixes event time so runs are reproducible. */
export function generateEvents(n: number, config: NexmarkConfig = {}, baseTime = 1_700_000_000_000): NexmarkEvent[] {
  const resolved = resolveNexmarkConfig({ seed: 7, ...config, eventsNum: n, baseTime });
  const generator = new NexmarkGenerator(resolved, splitGeneratorRanges(resolved, 1, baseTime)[0]);
  const events: NexmarkEvent[] = [];
  for (let i = 0; i < generator.eventCount; i++) events.push(generator.eventAt(i));
  return events;
}

export interface QueryRunOptions {
  readonly parallelism?: number;
  /** Called every `every` events with the number pushed so far (e.g. to move processing time). */
  readonly onProgress?: (driver: JobTestDriver, pushed: number) => void;
  readonly every?: number;
  /** Runs after the last event and before close (e.g. to let processing-time windows fire). */
  readonly beforeClose?: (driver: JobTestDriver) => void;
}

const OUT_OF_ORDERNESS_MS = 4000;

/** Runs `query` over `events` (timestamps = dateTime, watermark = max − 4 s − 1) and returns what it emitted. */
export async function runQuery<R>(
  query: (events: DataStream<NexmarkEvent>) => DataStream<R>,
  events: readonly NexmarkEvent[],
  options: QueryRunOptions = {},
): Promise<R[]> {
  const driver = new JobTestDriver(
    (_env, t) => {
      query(t.input<NexmarkEvent>('events')).sinkTo(t.sink<R>('out'));
    },
    { parallelism: options.parallelism ?? 2, freezeRecords: false },
  );
  const input = driver.input<NexmarkEvent>('events');
  const every = options.every ?? 1000;
  let maxTs = Number.NEGATIVE_INFINITY;
  let watermark = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < events.length; i++) {
    const ts = eventTimestamp(events[i]);
    input.pipeInput(events[i], ts);
    if (ts > maxTs) maxTs = ts;
    if ((i + 1) % every === 0) {
      const next = maxTs - OUT_OF_ORDERNESS_MS - 1;
      if (next > watermark) input.advanceWatermark((watermark = next));
      options.onProgress?.(driver, i + 1);
    }
  }
  options.beforeClose?.(driver);
  await driver.close();
  return driver.output<R>('out');
}

/** Sorted canonical strings of `rows`, for order-insensitive comparison of multisets. */
export function canonical<R>(rows: readonly R[]): string[] {
  return rows.map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort();
}

/** The last row per key of an updating stream (its final result). */
export function finalByKey<R>(rows: readonly R[], key: (row: R) => string): Map<string, R> {
  const last = new Map<string, R>();
  for (const row of rows) last.set(key(row), row);
  return last;
}
