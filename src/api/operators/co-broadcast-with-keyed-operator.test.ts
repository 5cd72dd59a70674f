import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TwoInputOperatorTestHarness } from '../../testing/operator-test-harness.js';
import {
  type KeyedBroadcastContext,
  type KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunction,
  type KeyedBroadcastReadOnlyContext,
} from '../functions/broadcast-process-functions.js';
import type { Collector } from '../functions/functions.js';
import type { RuntimeContext } from '../functions/runtime-context.js';
import { MapStateDescriptor, ValueStateDescriptor } from '../state/descriptors.js';
import type { ValueState } from '../state/state.js';
import { CoBroadcastWithKeyedOperator } from './co-broadcast-with-keyed-operator.js';
import { harnessServices } from './harness-services.test.js';
import { TwoInputOperatorHarness } from './operator-harness.js';

const rules = new MapStateDescriptor<string, number>('rules');
const totals = new ValueStateDescriptor<number>('total');
type Tx = { account: string; amount: number };
type Rule = { name: string; limit: number } | { name: 'reset' };

/** Sums amounts per account; alerts when the "limit" rule is exceeded; a "reset" rule zeroes every account. */
class Limits extends KeyedBroadcastProcessFunction<string, Tx, Rule, string> {
  private total!: ValueState<number>;
  override open(ctx: RuntimeContext): void {
    this.total = ctx.getState(totals);
  }
  processElement(tx: Tx, ctx: KeyedBroadcastReadOnlyContext<string>, out: Collector<string>): void {
    const total = (this.total.value() ?? 0) + tx.amount;
    this.total.update(total);
    const limit = ctx.getBroadcastState(rules).get('limit');
    if (limit !== undefined && total > limit) out.collect(`${ctx.getCurrentKey()} over ${limit}: ${total}`);
    ctx.timerService().registerEventTimeTimer((ctx.timestamp() ?? 0) + 100);
  }
  processBroadcastElement(rule: Rule, ctx: KeyedBroadcastContext<string>, out: Collector<string>): void {
    if ('limit' in rule) ctx.getBroadcastState(rules).put(rule.name, rule.limit);
    else {
      ctx.applyToKeyedState(totals, (key, state) => {
        out.collect(`reset ${key} from ${state.value()}`);
        state.clear();
      });
    }
  }
  override onTimer(ts: number, ctx: KeyedBroadcastOnTimerContext<string>, out: Collector<string>): void {
    const limit = ctx.getBroadcastState(rules).get('limit');
    out.collect(`timer ${ctx.getCurrentKey()} ${ctx.timeDomain()} ${ts} wm=${ctx.currentWatermark()} limit=${limit}`);
  }
}

function harness() {
  const op = new CoBroadcastWithKeyedOperator(new Limits(), [rules as MapStateDescriptor<unknown, unknown>]);
  return new TwoInputOperatorHarness(op, { services: harnessServices(), keySelector1: (t: Tx) => t.account }).open();
}

describe('CoBroadcastWithKeyedOperator', () => {
  it('makes broadcast state visible to the keyed side', () => {
    const h = harness();
    h.processElement1({ account: 'a', amount: 60 }, 1);
    h.processElement2({ name: 'limit', limit: 100 }, 2);
    h.processElement1({ account: 'a', amount: 50 }, 3);
    h.processElement1({ account: 'b', amount: 50 }, 4);
    assert.deepEqual(h.output.records(), [{ value: 'a over 100: 110', timestamp: 3 }]);
  });

  it('applies a function to the keyed state of every key from the broadcast side', () => {
    const h = harness();
    h.processElement1({ account: 'a', amount: 1 });
    h.processElement1({ account: 'b', amount: 2 });
    h.processElement1({ account: 'a', amount: 3 });
    h.processElement2({ name: 'reset' }, 9);
    assert.deepEqual(h.values().sort(), ['reset a from 4', 'reset b from 2']);
    assert.ok(h.output.records().every((r) => r.timestamp === 9));
    h.output.clear();
    h.processElement2({ name: 'reset' });
    assert.deepEqual(h.values(), []);
    h.processElement1({ account: 'a', amount: 5 });
    h.processElement2({ name: 'reset' });
    assert.deepEqual(h.values(), ['reset a from 5']);
  });

  it('fires keyed timers with the key, the broadcast state and the new watermark', () => {
    const h = harness();
    h.processElement2({ name: 'limit', limit: 7 });
    h.processElement1({ account: 'z', amount: 1 }, 10);
    h.processWatermark(150);
    assert.deepEqual(h.output.events, [
      { kind: 'record', value: 'timer z EVENT_TIME 110 wm=150 limit=7', timestamp: 110 },
      { kind: 'watermark', watermark: 150 },
    ]);
  });

  it('keeps applyToKeyedState and timers on their sides', () => {
    const op = new CoBroadcastWithKeyedOperator<string, Tx, Rule, string>(
      {
        processElement(_tx, ctx) {
          (ctx as unknown as KeyedBroadcastContext<string>).applyToKeyedState(totals, () => {});
        },
        processBroadcastElement(_rule, ctx) {
          (ctx as unknown as KeyedBroadcastReadOnlyContext<string>).timerService();
        },
      },
      [rules as MapStateDescriptor<unknown, unknown>],
    );
    const h = new TwoInputOperatorHarness(op, {
      services: harnessServices(),
      keySelector1: (t: Tx) => t.account,
    }).open();
    assert.throws(
      () => h.processElement1({ account: 'a', amount: 1 }),
      /applyToKeyedState is only available in processBroadcastElement/,
    );
    assert.throws(() => h.processElement2({ name: 'reset' }), /Timers are only available on the keyed side/);
  });

  it('checkpoints broadcast rules, keyed state and timers: a restored operator continues as without failure', () => {
    const build = () =>
      new TwoInputOperatorTestHarness<Tx, Rule, string>(
        new CoBroadcastWithKeyedOperator(new Limits(), [rules as MapStateDescriptor<unknown, unknown>]),
        { keySelector1: (t: Tx) => t.account, keySelector2: () => 'broadcast' },
      );
    const run = (h: TwoInputOperatorTestHarness<Tx, Rule, string>, step: 'before' | 'after') => {
      if (step === 'before') {
        h.processElement2({ name: 'limit', limit: 100 }, 1);
        h.processElement1({ account: 'a', amount: 60 }, 2);
      } else {
        h.processElement1({ account: 'a', amount: 50 }, 3);
        h.processBothWatermarks(200);
      }
    };
    const reference = build().open();
    run(reference, 'before');
    run(reference, 'after');

    const first = build().open();
    run(first, 'before');
    const snapshot = first.snapshot(1);
    assert.deepEqual(snapshot.operator?.broadcast.get('rules'), [['limit', 100]]);
    const restored = build().initializeState(snapshot, 1).open();
    run(restored, 'after');
    assert.deepEqual(
      [...first.extractOutputValues(), ...restored.extractOutputValues()],
      reference.extractOutputValues(),
    );
    assert.deepEqual(restored.extractOutputValues(), [
      'a over 100: 110',
      'timer a EVENT_TIME 102 wm=200 limit=100',
      'timer a EVENT_TIME 103 wm=200 limit=100',
    ]);
  });
});
