import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { TaskManagerMetricGroup } from './component-metric-groups.js';
import { MetricRegistry } from './metric-registry.js';
import type { MetricReporter } from './metric-reporter.js';

describe('MetricRegistry', () => {
  it('schedules reporters and updates views on its ticks', () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      let reports = 0;
      const reporter: MetricReporter = {
        notifyOfAddedMetric: () => {},
        notifyOfRemovedMetric: () => {},
        report: () => {
          reports++;
        },
      };
      const registry = new MetricRegistry({
        reporters: [{ name: 'r', reporter, intervalMs: 1000 }],
        viewUpdateIntervalMs: 500,
      });
      const tm = new TaskManagerMetricGroup(registry, 'h', 'tm');
      let updates = 0;
      tm.meter('m', { kind: 'meter', markEvent: () => {}, getRate: () => 0, getCount: () => 0 });
      registry.viewUpdater.add({ update: () => updates++ });
      registry.start();
      mock.timers.tick(2000);
      assert.equal(reports, 2);
      assert.equal(updates, 4);
      void registry.close();
      mock.timers.tick(2000);
      assert.equal(reports, 2);
    } finally {
      mock.timers.reset();
    }
  });

  it('turns failing reporters into warnings instead of failing the caller', async () => {
    const warnings: string[] = [];
    const reporter: MetricReporter = {
      notifyOfAddedMetric: () => {
        throw new Error('backend down');
      },
      notifyOfRemovedMetric: () => {},
      close: () => {
        throw new Error('cannot close');
      },
    };
    const registry = new MetricRegistry({
      reporters: [{ name: 'prom', reporter }],
      onWarning: (m) => warnings.push(m),
    });
    new TaskManagerMetricGroup(registry, 'h', 'tm').counter('c');
    await registry.close();
    assert.match(warnings[0], /Metric reporter 'prom' failed on added metric 'c': Error: backend down/);
    assert.match(warnings[1], /Closing metric reporter 'prom' failed/);
    assert.equal(registry.isShutdown, true);
  });

  it('rejects a non-positive reporter interval', () => {
    const reporter: MetricReporter = { notifyOfAddedMetric: () => {}, notifyOfRemovedMetric: () => {} };
    assert.throws(
      () => new MetricRegistry({ reporters: [{ name: 'x', reporter, intervalMs: 0 }] }),
      /metrics\.reporter\.x\.interval must be positive/,
    );
  });
});
