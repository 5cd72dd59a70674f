import { performance } from 'node:perf_hooks';
import { resolveNexmarkConfig, splitGeneratorRanges } from '../src/connectors/nexmark/generator-config.js';
import type { Bid } from '../src/connectors/nexmark/model.js';
import { NexmarkGenerator } from '../src/connectors/nexmark/nexmark-generator.js';
import { dollarsToEuros } from '../src/connectors/nexmark/queries/q1.js';

// The stateless Nexmark queries q0–q2 as plain loops in one thread: the same generator (same seed, rate and event
// count as bench/jobs/nexmark-query.ts) and the same per-event work as the queries (keep bids, project or convert,
// select), plus the watermark's running maximum, with no engine around it. The engine's events/s per core divided
// by a loop's events/s is the cost of the engine per event. Runs on the bench's main thread.

export const LOOP_QUERIES: readonly string[] = ['q0', 'q1', 'q2'];

export interface LoopResult {
  readonly events: number;
  /** Records the loop would have sent to the sink (must equal the job's result count). */
  readonly results: number;
  readonly seconds: number;
  /** CPU time of the process during the loop (only this thread runs then): robust when other work shares cores. */
  readonly cpuSeconds: number;
  /** events ÷ CPU seconds, i.e. per core, as the engine's figure it is compared with. */
  readonly eventsPerSecond: number;
}

type PerBid = (bid: Bid) => boolean;

// Module-level: nothing allocated per event beyond the query's own output record, as in the query's operators.
let lastRecord: unknown;

const PER_BID: Readonly<Record<string, PerBid>> = {
  q0(bid) {
    lastRecord = {
      auction: bid.auction,
      bidder: bid.bidder,
      price: bid.price,
      dateTime: bid.dateTime,
      extra: bid.extra,
    };
    return true;
  },
  q1(bid) {
    const price = dollarsToEuros(bid.price);
    lastRecord = { auction: bid.auction, bidder: bid.bidder, price, dateTime: bid.dateTime, extra: bid.extra };
    return true;
  },
  q2(bid) {
    if (bid.auction % 123 !== 0) return false;
    lastRecord = { auction: bid.auction, price: bid.price };
    return true;
  },
};

function runOnce(perBid: PerBid, generator: NexmarkGenerator): { results: number; maxTimestamp: number } {
  let results = 0;
  let maxTimestamp = Number.NEGATIVE_INFINITY;
  const n = generator.eventCount;
  for (let i = 0; i < n; i++) {
    const e = generator.eventAt(i);
    const ts = e.eventType === 0 ? e.person!.dateTime : e.eventType === 1 ? e.auction!.dateTime : e.bid!.dateTime;
    if (ts > maxTimestamp) maxTimestamp = ts;
    if (e.eventType === 2 && perBid(e.bid!)) results++;
  }
  return { results, maxTimestamp };
}

/** One timed pass after a shorter warm-up pass (the engine's workers are JIT-warm after their first batches too). */
export function runPlainLoop(query: string, events: number, rate: number): LoopResult {
  const perBid = PER_BID[query];
  if (perBid === undefined) throw new Error(`no plain loop for ${query}; loops exist for ${LOOP_QUERIES.join(', ')}`);
  const make = (n: number) => {
    const config = resolveNexmarkConfig({ eventsNum: n, firstEventRate: rate, seed: 7 });
    return new NexmarkGenerator(config, splitGeneratorRanges(config, 1, Date.now())[0]);
  };
  runOnce(perBid, make(Math.min(events, 200_000)));
  const generator = make(events);
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const { results, maxTimestamp } = runOnce(perBid, generator);
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (!(maxTimestamp > 0) || lastRecord === undefined) throw new Error(`${query} loop produced nothing`);
  return { events, results, seconds, cpuSeconds, eventsPerSecond: events / cpuSeconds };
}
