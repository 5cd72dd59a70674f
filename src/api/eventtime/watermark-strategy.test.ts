import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Duration, NO_TIMESTAMP } from '../../core/time.js';
import { ManualRelativeClock, RecordingWatermarkOutput } from './recording-watermark-output.test.js';
import type { WatermarkGeneratorContext } from './watermark-generator.js';
import { isWatermarkStrategy, WatermarkStrategy } from './watermark-strategy.js';

type Ev = { id: string; t: number };

function contextWith(clock: ManualRelativeClock): WatermarkGeneratorContext {
  return { getInputActivityClock: () => clock };
}

describe('WatermarkStrategy', () => {
  it('forBoundedOutOfOrderness emits max timestamp − bound − 1 on periodic emission', () => {
    const gen = WatermarkStrategy.forBoundedOutOfOrderness<Ev>(Duration.ofSeconds(4)).createWatermarkGenerator(
      contextWith(new ManualRelativeClock()),
    );
    const out = new RecordingWatermarkOutput();
    gen.onPeriodicEmit(out);
    assert.deepEqual(out.take(), [Number.NEGATIVE_INFINITY], 'before any event: Long.MIN_VALUE, i.e. -Infinity');
    const table: [number, number][] = [
      [10_000, 5_999],
      [8_000, 5_999], // out of order: the max stays
      [12_500, 8_499],
    ];
    for (const [ts, expected] of table) {
      gen.onEvent({ id: 'x', t: ts }, ts, out);
      assert.deepEqual(out.take(), [], 'a periodic generator emits nothing in onEvent');
      gen.onPeriodicEmit(out);
      assert.deepEqual(out.take(), [expected]);
    }
  });

  it('accepts a number of milliseconds and rejects a negative bound', () => {
    const gen = WatermarkStrategy.forBoundedOutOfOrderness<number>(100).createWatermarkGenerator(
      contextWith(new ManualRelativeClock()),
    );
    const out = new RecordingWatermarkOutput();
    gen.onEvent(1, 1000, out);
    gen.onPeriodicEmit(out);
    assert.deepEqual(out.take(), [899]);
    assert.throws(() => WatermarkStrategy.forBoundedOutOfOrderness(-1), /non-negative/);
  });

  it('forMonotonousTimestamps emits max − 1; noWatermarks emits nothing', () => {
    const ctx = contextWith(new ManualRelativeClock());
    const mono = WatermarkStrategy.forMonotonousTimestamps<number>().createWatermarkGenerator(ctx);
    const none = WatermarkStrategy.noWatermarks<number>().createWatermarkGenerator(ctx);
    const out = new RecordingWatermarkOutput();
    mono.onEvent(0, 500, out);
    mono.onPeriodicEmit(out);
    assert.deepEqual(out.take(), [499]);
    none.onEvent(0, 500, out);
    none.onPeriodicEmit(out);
    assert.deepEqual(out.take(), []);
  });

  it('keeps the record timestamp by default and uses the assigner when given', () => {
    const plain = WatermarkStrategy.noWatermarks<Ev>().createTimestampAssigner();
    assert.equal(plain.extractTimestamp({ id: 'a', t: 5 }, 42), 42);
    assert.equal(plain.extractTimestamp({ id: 'a', t: 5 }, NO_TIMESTAMP), NO_TIMESTAMP);
    const s = WatermarkStrategy.forMonotonousTimestamps<Ev>().withTimestampAssigner((e, recordTs) => e.t + recordTs);
    assert.equal(s.createTimestampAssigner().extractTimestamp({ id: 'a', t: 5 }, 1), 6);
    const obj = WatermarkStrategy.noWatermarks<Ev>().withTimestampAssigner({ extractTimestamp: (e: Ev) => e.t * 2 });
    assert.equal(obj.createTimestampAssigner().extractTimestamp({ id: 'a', t: 5 }, 0), 10);
    assert.throws(() => WatermarkStrategy.noWatermarks().withTimestampAssigner(42 as never), /withTimestampAssigner/);
  });

  it('forGenerator creates a generator per call and checks what the supplier returns', () => {
    let created = 0;
    const s = WatermarkStrategy.forGenerator<number>(() => {
      created++;
      return { onEvent: (_e, ts, out) => out.emitWatermark(ts), onPeriodicEmit: () => {} };
    });
    const ctx = contextWith(new ManualRelativeClock());
    const a = s.createWatermarkGenerator(ctx);
    s.createWatermarkGenerator(ctx);
    assert.equal(created, 2);
    const out = new RecordingWatermarkOutput();
    a.onEvent(1, 77, out);
    assert.deepEqual(out.take(), [77], 'a punctuated generator emits in onEvent');
    assert.throws(() => WatermarkStrategy.forGenerator(null as never), /forGenerator expects a function/);
    const bad = WatermarkStrategy.forGenerator<number>(() => ({}) as never);
    assert.throws(() => bad.createWatermarkGenerator(ctx), /must return a WatermarkGenerator/);
  });

  it('withIdleness marks idle once after the timeout without events, on the activity clock', () => {
    const clock = new ManualRelativeClock();
    const gen = WatermarkStrategy.forBoundedOutOfOrderness<number>(0)
      .withIdleness(Duration.ofMillis(1000))
      .createWatermarkGenerator(contextWith(clock));
    const out = new RecordingWatermarkOutput();
    gen.onEvent(0, 100, out);
    gen.onPeriodicEmit(out); // activity since the last check: not idle
    assert.deepEqual(out.take(), [99]);
    clock.now = 200;
    gen.onPeriodicEmit(out); // no activity: the countdown starts at 200
    clock.now = 1200;
    gen.onPeriodicEmit(out); // exactly the timeout: not yet (strictly more is needed)
    assert.deepEqual(out.take(), [99, 99]);
    clock.now = 1201;
    gen.onPeriodicEmit(out);
    clock.now = 5000;
    gen.onPeriodicEmit(out);
    assert.deepEqual(out.take(), ['idle'], 'idle once, and no watermarks while idle');
    gen.onEvent(0, 300, out);
    gen.onPeriodicEmit(out);
    assert.deepEqual(out.take(), [299], 'an event ends idleness; its watermark reactivates the output downstream');
  });

  it('withIdleness keeps the assigner and rejects a zero timeout', () => {
    const s = WatermarkStrategy.noWatermarks<Ev>()
      .withTimestampAssigner((e) => e.t)
      .withIdleness(10);
    assert.equal(s.createTimestampAssigner().extractTimestamp({ id: 'a', t: 3 }, 0), 3);
    assert.throws(() => WatermarkStrategy.noWatermarks().withIdleness(0), /greater than zero/);
  });

  it('isWatermarkStrategy recognises strategies only', () => {
    assert.equal(isWatermarkStrategy(WatermarkStrategy.noWatermarks()), true);
    assert.equal(isWatermarkStrategy({}), false);
    assert.equal(isWatermarkStrategy(undefined), false);
  });
});
