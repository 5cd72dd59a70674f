import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import { TumblingEventTimeWindows } from '../../../api/windowing/assigners.js';
import type { Auction, NexmarkEvent, Person } from '../model.js';
import { auctionsOf, personsOf } from './views.js';

// Nexmark q8, "monitor new users": people who registered and created an auction within the same 10 s tumbling
// window. Mirrors nexmark-sql/q8.sql: distinct (id, name, window) of persons joined with distinct (seller, window)
// of auctions on id = seller and the same window. Here: a windowed coGroup of persons (by id) and auctions (by
// seller); a window with both sides emits each distinct (id, name) once.

export interface Q8Result {
  readonly id: number;
  readonly name: string;
  /** window_start, epoch ms. */
  readonly stime: number;
}

export interface Q8Options {
  /** Window size in ms (default 10 000). */
  readonly sizeMs?: number;
}

export function q8(events: DataStream<NexmarkEvent>, options: Q8Options = {}): DataStream<Q8Result> {
  const size = options.sizeMs ?? 10_000;
  return personsOf(events)
    .coGroup(auctionsOf(events))
    .where((p) => p.id)
    .equalTo((a) => a.seller)
    .window(TumblingEventTimeWindows.of(size))
    .apply((ps: Iterable<Person>, as: Iterable<Auction>, out: Collector<Q8Result>) => {
      if (as[Symbol.iterator]().next().done === true) return;
      const seen = new Set<string>();
      for (const p of ps) {
        if (seen.has(p.name)) continue;
        seen.add(p.name);
        // Tumbling windows with offset 0: the window start follows from any member's timestamp.
        out.collect({ id: p.id, name: p.name, stime: p.dateTime - (p.dateTime % size) });
      }
    })
    .name('q8: new users with auctions');
}
