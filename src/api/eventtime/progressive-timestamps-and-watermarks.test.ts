import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Duration } from '../../core/time.js';
import { harnessServices } from '../operators/harness-services.test.js';
import { ProgressiveTimestampsAndWatermarks } from './progressive-timestamps-and-watermarks.js';
import type { EventTimeDataOutput } from './source-output-with-watermarks.js';
import { WatermarkStrategy } from './watermark-strategy.js';

type Ev = { split: string; t: number };
type Out = { record: Ev; ts: number } | { wm: number } | { idle: boolean };

class DataOutput implements EventTimeDataOutput<Ev> {
  readonly events: Out[] = [];
  collect(record: Ev, ts: number): void {
    this.events.push({ record, ts });
  }
  emitWatermark(wm: number): void {
    this.events.push({ wm });
  }
  emitWatermarkStatus(idle: boolean): void {
    this.events.push({ idle });
  }
  take(): Out[] {
    return this.events.splice(0);
  }
  watermarks(): (number | string)[] {
    const out: (number | string)[] = [];
    for (const e of this.take()) {
      if ('wm' in e) out.push(e.wm);
      else if ('idle' in e) out.push(e.idle ? 'idle' : 'active');
    }
    return out;
  }
}

function setup(strategy: WatermarkStrategy<Ev>, interval = 200) {
  const time = harnessServices({ keyed: false }).processingTime;
  const out = new DataOutput();
  const logic = new ProgressiveTimestampsAndWatermarks<Ev>(strategy, out, time, interval, 'events');
  logic.startPeriodicWatermarkEmits();
  return { time, out, logic, reader: logic.readerOutput };
}

const bounded = WatermarkStrategy.forBoundedOutOfOrderness<Ev>(Duration.ofMillis(100)).withTimestampAssigner(
  (e) => e.t,
);

describe('ProgressiveTimestampsAndWatermarks', () => {
  it('assigns timestamps and emits the min over splits every interval', () => {
    const { time, out, reader } = setup(bounded);
    const a = reader.createOutputForSplit('a');
    const b = reader.createOutputForSplit('b');
    a.collect({ split: 'a', t: 5000 });
    b.collect({ split: 'b', t: 1000 }, 7);
    assert.deepEqual(out.take(), [
      { record: { split: 'a', t: 5000 }, ts: 5000 },
      { record: { split: 'b', t: 1000 }, ts: 1000 },
    ]);
    time.advanceTo(199);
    assert.deepEqual(out.watermarks(), []);
    time.advanceTo(200);
    assert.deepEqual(out.watermarks(), [899], 'min(4899, 899)');
    b.collect({ split: 'b', t: 9000 });
    time.advanceTo(400);
    assert.deepEqual(out.watermarks(), [4899]);
    assert.equal(reader.createOutputForSplit('a'), a, 'the same split gets the same output');
  });

  it('excludes an idle split, and marks the subtask idle when all splits are idle', () => {
    const { time, out, reader } = setup(bounded.withIdleness(Duration.ofMillis(300)));
    const a = reader.createOutputForSplit('a');
    const b = reader.createOutputForSplit('b');
    a.collect({ split: 'a', t: 1000 });
    b.collect({ split: 'b', t: 2000 });
    time.advanceTo(200);
    assert.deepEqual(out.watermarks(), [899]);
    // Only b keeps receiving: a's countdown starts at 400 and it is idle at the first round after 700.
    for (let now = 400; now <= 800; now += 200) {
      b.collect({ split: 'b', t: 2000 + now });
      time.advanceTo(now);
    }
    assert.deepEqual(out.watermarks(), [2699], 'a idle at 800: b alone decides (2800 − 100 − 1)');
    // b's countdown starts at 1000; it is idle at 1400. (The clock moves in steps: a late periodic round runs once.)
    for (let now = 1000; now <= 1600; now += 200) time.advanceTo(now);
    assert.deepEqual(out.watermarks(), ['idle'], 'b idle too: the subtask is idle');
    a.collect({ split: 'a', t: 5000 });
    time.advanceTo(1800);
    assert.deepEqual(out.watermarks(), ['active', 4899], 'a new watermark ends idleness first');
  });

  it('marks a reader that has no splits idle once its main output idles (withIdleness)', () => {
    const { time, out } = setup(bounded.withIdleness(Duration.ofMillis(300)));
    time.advanceTo(200);
    time.advanceTo(400);
    assert.deepEqual(out.watermarks(), []);
    time.advanceTo(600);
    assert.deepEqual(out.watermarks(), ['idle']);
  });

  it('main-output records have their own generator; emitFinalWatermark ends event time and stops emission', () => {
    const { time, out, reader, logic } = setup(bounded);
    reader.collect({ split: '-', t: 300 });
    time.advanceTo(200);
    assert.deepEqual(out.watermarks().slice(-1), [199]);
    logic.emitFinalWatermark();
    assert.deepEqual(out.watermarks(), [Number.POSITIVE_INFINITY]);
    time.advanceTo(10_000);
    assert.deepEqual(out.watermarks(), []);
  });

  it('emits no periodic watermarks when the interval is 0; punctuated ones still pass', () => {
    const punctuated = WatermarkStrategy.forGenerator<Ev>(() => ({
      onEvent: (e, ts, o) => {
        if (e.split === 'mark') o.emitWatermark(ts);
      },
      onPeriodicEmit: (o) => o.emitWatermark(1e9),
    })).withTimestampAssigner((e) => e.t);
    const { time, out, reader } = setup(punctuated, 0);
    const s = reader.createOutputForSplit('s');
    s.collect({ split: 'x', t: 10 });
    s.collect({ split: 'mark', t: 20 });
    time.advanceTo(5000);
    assert.deepEqual(out.watermarks(), [20]);
  });

  it('names the source and split when the assigner returns a non-number', () => {
    const bad = WatermarkStrategy.noWatermarks<Ev>().withTimestampAssigner(() => undefined as unknown as number);
    const { reader } = setup(bad);
    assert.throws(
      () => reader.createOutputForSplit('s-1').collect({ split: 'a', t: 1 }),
      /source 'events', split 's-1' returned undefined/,
    );
  });
});
