import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OperatorStateBackend } from '../../runtime/state/operator-state-backend.js';
import { redistributeOperatorState } from '../../runtime/state/operator-state-redistribution.js';
import { TwoInputOperatorTestHarness } from '../../testing/operator-test-harness.js';
import { BroadcastProcessFunction } from '../functions/broadcast-process-functions.js';
import type { Collector } from '../functions/functions.js';
import type { BroadcastContext, BroadcastReadOnlyContext } from '../functions/process-functions.js';
import { MapStateDescriptor } from '../state/descriptors.js';
import { StateInitializationContext } from './checkpoint-hooks.js';
import { CoBroadcastWithNonKeyedOperator } from './co-broadcast-with-non-keyed-operator.js';
import { harnessServices } from './harness-services.test.js';
import { TwoInputOperatorHarness } from './operator-harness.js';

const thresholds = new MapStateDescriptor<string, number>('thresholds');
type Rule = { metric: string; limit: number | undefined };
type Reading = { metric: string; value: number };

class Alerting extends BroadcastProcessFunction<Reading, Rule, string> {
  processElement(r: Reading, ctx: BroadcastReadOnlyContext, out: Collector<string>): void {
    const limit = ctx.getBroadcastState(thresholds).get(r.metric);
    if (limit !== undefined && r.value > limit) out.collect(`${r.metric}=${r.value}>${limit}`);
  }
  processBroadcastElement(rule: Rule, ctx: BroadcastContext, _out: Collector<string>): void {
    const state = ctx.getBroadcastState(thresholds);
    if (rule.limit === undefined) state.remove(rule.metric);
    else state.put(rule.metric, rule.limit);
  }
}

function harness(fn: BroadcastProcessFunction<Reading, Rule, string>) {
  const op = new CoBroadcastWithNonKeyedOperator(fn, [thresholds as MapStateDescriptor<unknown, unknown>]);
  return new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
}

describe('CoBroadcastWithNonKeyedOperator', () => {
  it('lets the broadcast side write state that the other side reads', () => {
    const h = harness(new Alerting());
    h.processElement1({ metric: 'cpu', value: 99 }, 1);
    h.processElement2({ metric: 'cpu', limit: 90 }, 2);
    h.processElement1({ metric: 'cpu', value: 95 }, 3);
    h.processElement1({ metric: 'cpu', value: 80 }, 4);
    h.processElement2({ metric: 'cpu', limit: undefined }, 5);
    h.processElement1({ metric: 'cpu', value: 99 }, 6);
    assert.deepEqual(h.output.records(), [{ value: 'cpu=95>90', timestamp: 3 }]);
  });

  it('gives the non-broadcast side a read-only view', () => {
    const h = harness({
      processElement(_r, ctx) {
        const view = ctx.getBroadcastState(thresholds) as unknown as Record<string, unknown>;
        assert.equal(typeof view.put, 'undefined');
        assert.equal(typeof view.remove, 'undefined');
        assert.deepEqual([...ctx.getBroadcastState(thresholds).immutableEntries()], [['mem', 1]]);
      },
      processBroadcastElement(rule, ctx) {
        ctx.getBroadcastState(thresholds).put(rule.metric, rule.limit ?? 0);
      },
    });
    h.processElement2({ metric: 'mem', limit: 1 });
    h.processElement1({ metric: 'mem', value: 0 });
  });

  it('fails clearly for a descriptor that was not passed to broadcast(...)', () => {
    const other = new MapStateDescriptor<string, string>('other');
    const h = harness({
      processElement(_r, ctx) {
        ctx.getBroadcastState(other);
      },
      processBroadcastElement() {},
    });
    assert.throws(
      () => h.processElement1({ metric: 'x', value: 1 }),
      /The requested state does not exist: broadcast state 'other'.*registered: thresholds/,
    );
  });

  it('sees the current watermark and processing time', () => {
    const seen: number[] = [];
    const h = harness({
      processElement(_r, ctx) {
        seen.push(ctx.currentWatermark(), ctx.currentProcessingTime());
      },
      processBroadcastElement() {},
    });
    h.setProcessingTime(42);
    h.processWatermark(7);
    h.processElement1({ metric: 'x', value: 1 });
    assert.deepEqual(seen, [7, 42]);
  });

  it('keys broadcast state by value, also for composite keys', () => {
    const byPair = new MapStateDescriptor<[string, number], string>('pairs');
    const results: unknown[] = [];
    const op = new CoBroadcastWithNonKeyedOperator<[string, number], [string, number], never>(
      {
        processElement(key, ctx) {
          results.push(ctx.getBroadcastState(byPair).get(key));
        },
        processBroadcastElement(key, ctx) {
          ctx.getBroadcastState(byPair).put(key, `${key[0]}/${key[1]}`);
        },
      },
      [byPair as MapStateDescriptor<unknown, unknown>],
    );
    const h = new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
    h.processElement2(['a', 1]);
    h.processElement1(['a', 1]);
    h.processElement1(['a', 2]);
    assert.deepEqual(results, ['a/1', undefined]);
  });

  it('needs at least one MapStateDescriptor', () => {
    assert.throws(
      () => new CoBroadcastWithNonKeyedOperator(new Alerting(), []),
      /needs the MapStateDescriptors given to broadcast/,
    );
  });

  it('restores broadcast rules from a snapshot, also at a higher parallelism (every subtask gets the maps)', () => {
    const build = (index = 0, parallelism = 1) =>
      new TwoInputOperatorTestHarness<Reading, Rule, string>(
        new CoBroadcastWithNonKeyedOperator(new Alerting(), [thresholds as MapStateDescriptor<unknown, unknown>]),
        { taskInfo: { indexOfThisSubtask: index, numberOfParallelSubtasks: parallelism } },
      );
    const first = build().open();
    first.processElement2({ metric: 'cpu', limit: 90 }, 1);
    first.processElement2({ metric: 'mem', limit: 50 }, 2);
    const snapshot = first.snapshot(7);
    first.processElement2({ metric: 'cpu', limit: 10 }, 3); // after the checkpoint: lost on failure
    for (const taskIndex of [0, 1]) {
      const restored = build(taskIndex, 2);
      const operator = redistributeOperatorState([snapshot.operator], 2, taskIndex);
      restored.initializeState({ operator }, 7).open();
      restored.processElement1({ metric: 'cpu', value: 95 }, 4);
      restored.processElement1({ metric: 'cpu', value: 20 }, 5);
      restored.processElement1({ metric: 'mem', value: 60 }, 6);
      assert.deepEqual(restored.extractOutputValues(), ['cpu=95>90', 'mem=60>50'], `subtask ${taskIndex}`);
    }
  });

  it('keeps its broadcast state in the operator state store given to initializeState', () => {
    const op = new CoBroadcastWithNonKeyedOperator(new Alerting(), [
      thresholds as MapStateDescriptor<unknown, unknown>,
    ]);
    const store = new OperatorStateBackend();
    const h = new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) });
    h.initializeState(new StateInitializationContext(store, undefined, false, undefined));
    h.open();
    h.processElement2({ metric: 'disk', limit: 80 }, 1);
    assert.deepEqual(store.snapshot().broadcast.get('thresholds'), [['disk', 80]]);
  });
});
