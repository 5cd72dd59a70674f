import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Duration, MAX_WATERMARK } from '../../core/time.js';
import { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { WatermarkStrategy } from '../eventtime/watermark-strategy.js';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';
import { TimestampsAndWatermarksOperator } from './timestamps-and-watermarks-operator.js';

type Ev = { k: string; t: number };
const strategy = WatermarkStrategy.forBoundedOutOfOrderness<Ev>(Duration.ofMillis(50)).withTimestampAssigner(
  (e) => e.t,
);

function harness(s: WatermarkStrategy<Ev> = strategy, interval = 200) {
  return new OneInputOperatorHarness<Ev, Ev>(new TimestampsAndWatermarksOperator<Ev>(s, interval), {
    services: harnessServices({ keyed: false }),
  }).open();
}

describe('TimestampsAndWatermarksOperator', () => {
  it('assigns timestamps per record and emits periodic watermarks on the processing-time clock', () => {
    const h = harness();
    h.processElement({ k: 'a', t: 1000 }, 5);
    h.processElement({ k: 'b', t: 900 });
    assert.deepEqual(
      h.output.records().map((r) => r.timestamp),
      [1000, 900],
    );
    assert.deepEqual(h.output.watermarks(), []);
    h.setProcessingTime(200);
    assert.deepEqual(h.output.watermarks(), [949]);
    h.setProcessingTime(400);
    assert.deepEqual(h.output.watermarks(), [949], 'only increasing watermarks go out');
    h.processElement({ k: 'c', t: 2000 });
    h.setProcessingTime(600);
    assert.deepEqual(h.output.watermarks(), [949, 1949]);
  });

  it('swallows upstream watermarks and idleness, except the final +Infinity (once)', () => {
    const h = harness();
    h.processWatermark(5000);
    h.processWatermarkStatus(true);
    assert.deepEqual(h.output.events, []);
    h.processWatermark(MAX_WATERMARK);
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.output.watermarks(), [MAX_WATERMARK]);
  });

  it('emits no final watermark of its own at end of input; finish runs one last periodic emission', () => {
    const h = harness();
    h.processElement({ k: 'a', t: 100 });
    h.endInput();
    assert.deepEqual(h.output.watermarks(), []);
    h.finish();
    assert.deepEqual(h.output.watermarks(), [49]);
  });

  it('marks idle through withIdleness and active again with the next watermark', () => {
    const h = harness(strategy.withIdleness(Duration.ofMillis(100)), 100);
    h.processElement({ k: 'a', t: 1000 });
    for (let now = 100; now <= 400; now += 100) h.setProcessingTime(now);
    const statuses = () => h.output.events.filter((e) => e.kind !== 'record');
    assert.deepEqual(statuses(), [
      { kind: 'watermark', watermark: 949 },
      { kind: 'watermark-status', idle: true },
    ]);
    h.output.clear();
    h.processElement({ k: 'a', t: 3000 });
    h.setProcessingTime(500);
    assert.deepEqual(statuses(), [
      { kind: 'watermark-status', idle: false },
      { kind: 'watermark', watermark: 2949 },
    ]);
  });

  it('does no periodic emission with interval 0 and stops it on close', () => {
    const none = harness(strategy, 0);
    none.processElement({ k: 'a', t: 1000 });
    none.setProcessingTime(10_000);
    assert.deepEqual(none.output.watermarks(), []);
    const h = harness();
    h.processElement({ k: 'a', t: 1000 });
    h.close();
    h.setProcessingTime(10_000);
    assert.deepEqual(h.output.watermarks(), []);
  });

  it('fails with the record named when the assigner returns NaN', () => {
    const h = harness(WatermarkStrategy.noWatermarks<Ev>().withTimestampAssigner(() => Number.NaN));
    assert.throws(() => h.processElement({ k: 'z', t: 1 }), /assignTimestampsAndWatermarks returned number NaN/);
  });
});

describe('DataStream.assignTimestampsAndWatermarks', () => {
  it('adds a "Timestamps/Watermarks" operator at the input parallelism, with the configured interval', () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment(4, { 'pipeline.auto-watermark-interval': '1 s' });
    const source = env.fromData<Ev>({ k: 'a', t: 1 }, { k: 'b', t: 2 });
    const stamped = source.assignTimestampsAndWatermarks(strategy);
    const t = stamped.getTransformation();
    assert.equal(t.kind, 'one-input');
    assert.equal(t.name, 'Timestamps/Watermarks');
    assert.equal(t.parallelism, source.getTransformation().parallelism);
    if (t.kind !== 'one-input') return;
    const h = new OneInputOperatorHarness<Ev, Ev>(t.operatorFactory() as TimestampsAndWatermarksOperator<Ev>, {
      services: harnessServices({ keyed: false }),
    }).open();
    h.processElement({ k: 'a', t: 5000 });
    h.setProcessingTime(999);
    assert.deepEqual(h.output.watermarks(), []);
    h.setProcessingTime(1000);
    assert.deepEqual(h.output.watermarks(), [4949]);
  });

  it('rejects what is not a WatermarkStrategy, and an unreadable interval', () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment(1);
    const s = env.fromData(1, 2);
    assert.throws(() => s.assignTimestampsAndWatermarks({} as never), /expects a WatermarkStrategy/);
    const bad = StreamExecutionEnvironment.createLocalEnvironment(1, { 'pipeline.auto-watermark-interval': 'soon' });
    assert.throws(
      () => bad.fromData(1).assignTimestampsAndWatermarks(WatermarkStrategy.noWatermarks()),
      /'pipeline.auto-watermark-interval' must be a duration/,
    );
  });
});
