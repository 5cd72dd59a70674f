import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Duration } from '../../core/time.js';
import {
  EventTimeSessionWindows,
  GlobalWindows,
  isMergingWindowAssigner,
  ProcessingTimeSessionWindows,
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
} from './assigners.js';
import { GlobalWindow, TimeWindow } from './windows.js';

const clock = (now: number) => ({ getCurrentProcessingTime: () => now });
const bounds = (ws: readonly TimeWindow[]) => ws.map((w) => [w.start, w.end]);

describe('TimeWindow.getWindowStartWithOffset', () => {
  const table: [timestamp: number, offset: number, size: number, start: number][] = [
    [0, 0, 10, 0],
    [9, 0, 10, 0],
    [10, 0, 10, 10],
    [-1, 0, 10, -10],
    [-10, 0, 10, -10],
    [-11, 0, 10, -20],
    [3, 2, 10, 2],
    [1, 2, 10, -8],
    [1, -2, 10, -2],
    [7, -2, 10, -2],
    [8, -2, 10, 8],
  ];
  for (const [ts, offset, size, start] of table) {
    it(`ts ${ts}, offset ${offset}, size ${size} -> ${start}`, () => {
      assert.equal(TimeWindow.getWindowStartWithOffset(ts, offset, size), start);
    });
  }
  it('always gives the start of a window that contains the timestamp, aligned to the offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ts, size, f) => {
          const offset = Math.trunc((f * 2 - 1) * (size - 1));
          const start = TimeWindow.getWindowStartWithOffset(ts, offset, size);
          return start <= ts && ts < start + size && (((start - offset) % size) + size) % size === 0;
        },
      ),
    );
  });
});

describe('TimeWindow', () => {
  it('is [start, end) with maxTimestamp end - 1 and a namespace key of its bounds', () => {
    const w = new TimeWindow(0, 10);
    assert.equal(w.maxTimestamp(), 9);
    assert.equal(w.namespaceKey(), new TimeWindow(0, 10).namespaceKey());
    assert.notEqual(w.namespaceKey(), new TimeWindow(0, 11).namespaceKey());
  });
  it('intersects touching windows and covers both', () => {
    assert.ok(new TimeWindow(0, 5).intersects(new TimeWindow(5, 10)));
    assert.ok(!new TimeWindow(0, 5).intersects(new TimeWindow(6, 10)));
    assert.deepEqual(bounds([new TimeWindow(0, 5).cover(new TimeWindow(3, 12))]), [[0, 12]]);
  });
  it('mergeWindows reports each group of two or more with its cover', () => {
    const merges: string[] = [];
    const ws = [
      new TimeWindow(20, 30),
      new TimeWindow(0, 5),
      new TimeWindow(40, 50),
      new TimeWindow(4, 8),
      new TimeWindow(8, 9),
    ];
    TimeWindow.mergeWindows(ws, (members, result) =>
      merges.push(`${bounds(members).join(' ')} -> ${result.start},${result.end}`),
    );
    assert.deepEqual(merges, ['0,5 4,8 8,9 -> 0,9']);
  });
});

describe('assigners', () => {
  it('tumbling event time with offsets, and its errors', () => {
    assert.deepEqual(bounds(TumblingEventTimeWindows.of(10).assignWindows(null, 15)), [[10, 20]]);
    assert.deepEqual(bounds(TumblingEventTimeWindows.of(Duration.ofMillis(10), 3).assignWindows(null, 2)), [[-7, 3]]);
    assert.deepEqual(bounds(TumblingEventTimeWindows.of(10, -3).assignWindows(null, -5)), [[-13, -3]]);
    assert.equal(String(TumblingEventTimeWindows.of(Duration.ofSeconds(10))), 'TumblingEventTimeWindows(10000)');
    assert.throws(() => TumblingEventTimeWindows.of(10, 10), /abs\(offset\) < size/);
    assert.throws(() => TumblingEventTimeWindows.of(0), /positive/);
    assert.throws(() => TumblingEventTimeWindows.of(10).assignWindows(null, Number.NEGATIVE_INFINITY), /no timestamp/);
    assert.equal(TumblingEventTimeWindows.of(10).isEventTime(), true);
  });

  it('tumbling processing time reads the clock', () => {
    const a = TumblingProcessingTimeWindows.of(10);
    assert.deepEqual(bounds(a.assignWindows(null, 999, clock(25))), [[20, 30]]);
    assert.equal(a.isEventTime(), false);
    assert.equal(String(a.getDefaultTrigger()), 'ProcessingTimeTrigger()');
  });

  it('sliding windows: every window containing the timestamp, newest first', () => {
    assert.deepEqual(bounds(SlidingEventTimeWindows.of(10, 5).assignWindows(null, 12)), [
      [10, 20],
      [5, 15],
    ]);
    assert.deepEqual(bounds(SlidingEventTimeWindows.of(10, 3, 1).assignWindows(null, -1)), [
      [-2, 8],
      [-5, 5],
      [-8, 2],
    ]);
    assert.deepEqual(bounds(SlidingProcessingTimeWindows.of(4, 2).assignWindows(null, 0, clock(7))), [
      [6, 10],
      [4, 8],
    ]);
    assert.throws(() => SlidingEventTimeWindows.of(10, 5, 5), /abs\(offset\) < slide/);
    assert.equal(String(SlidingEventTimeWindows.of(10, 5)), 'SlidingEventTimeWindows(10, 5)');
  });

  it('sessions: [t, t + gap), merging, static or dynamic gap', () => {
    const s = EventTimeSessionWindows.withGap(Duration.ofMillis(10));
    assert.ok(isMergingWindowAssigner(s));
    assert.deepEqual(bounds(s.assignWindows(null, 5, clock(0))), [[5, 15]]);
    assert.equal(String(s), 'EventTimeSessionWindows(10)');
    const d = EventTimeSessionWindows.withDynamicGap<{ gap: number }>((e) => e.gap);
    assert.deepEqual(bounds(d.assignWindows({ gap: 3 }, -5, clock(0))), [[-5, -2]]);
    assert.throws(() => d.assignWindows({ gap: 0 }, 1, clock(0)), /0 < gap/);
    assert.equal(String(d), 'DynamicEventTimeSessionWindows()');
    assert.throws(() => EventTimeSessionWindows.withGap(0), /0 < size/);
    const p = ProcessingTimeSessionWindows.withGap(10);
    assert.deepEqual(bounds(p.assignWindows(null, 0, clock(100))), [[100, 110]]);
    assert.equal(p.isEventTime(), false);
  });

  it('global windows: one window with an infinite maxTimestamp that never fires by default', () => {
    const g = GlobalWindows.create();
    assert.deepEqual(g.assignWindows(), [GlobalWindow.get()]);
    assert.equal(GlobalWindow.get().maxTimestamp(), Number.POSITIVE_INFINITY);
    assert.equal(String(g.getDefaultTrigger()), 'NeverTrigger()');
    assert.ok(!isMergingWindowAssigner(g));
  });
});

describe('sliding assignment reuse', () => {
  it('gives the same windows as a fresh computation for any timestamp sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: -200, max: 200 }), { maxLength: 30 }),
        (size, slide, timestamps) => {
          const reused = SlidingEventTimeWindows.of(size, slide);
          for (const ts of timestamps) {
            const expected: number[][] = [];
            const last = TimeWindow.getWindowStartWithOffset(ts, 0, slide);
            for (let s = last; s > ts - size; s -= slide) expected.push([s, s + size]);
            assert.deepEqual(bounds(reused.assignWindows(null, ts)), expected, `size ${size} slide ${slide} ts ${ts}`);
          }
        },
      ),
    );
  });
});
