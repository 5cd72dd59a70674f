import { isView, type Metric } from './metric.js';
import type { MetricGroup } from './metric-group.js';
import type { MetricReporter, ReporterSetup } from './metric-reporter.js';
import { ScopeFormats } from './scope-format.js';
import { ViewUpdater } from './view-updater.js';

export interface MetricRegistryOptions {
  readonly scopeFormats?: ScopeFormats;
  readonly reporters?: readonly ReporterSetup[];
  /** How often MeterViews and TimerGauges are updated; Flink updates views every 5 s. */
  readonly viewUpdateIntervalMs?: number;
  /** Where warnings go (duplicate metric names, failing reporters). Defaults to process.emitWarning. */
  readonly onWarning?: (message: string) => void;
}

const DEFAULT_REPORT_INTERVAL_MS = 10_000;

/**
 * Flink's MetricRegistry: owns the scope formats, forwards metric additions and removals to reporters, and keeps
 * views (rates, time-in-state gauges) updated on a tick. One registry per thread that owns metrics: each slot worker
 * has its own, the TaskExecutor and JobManager main threads theirs. Other threads see a registry's metrics only
 * through snapshotMetrics() → postMessage → MetricStore.
 */
export class MetricRegistry {
  readonly scopeFormats: ScopeFormats;
  readonly viewUpdater = new ViewUpdater();
  private readonly reporters: readonly ReporterSetup[];
  private readonly viewUpdateIntervalMs: number;
  private readonly onWarning: (message: string) => void;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private shutdown = false;

  constructor(options: MetricRegistryOptions = {}) {
    this.scopeFormats = options.scopeFormats ?? ScopeFormats.DEFAULT;
    this.reporters = options.reporters ?? [];
    this.viewUpdateIntervalMs = options.viewUpdateIntervalMs ?? 5_000;
    this.onWarning = options.onWarning ?? ((message) => process.emitWarning(message, { code: 'WEIR_METRICS' }));
    for (const setup of this.reporters) {
      if (setup.intervalMs !== undefined && !(setup.intervalMs > 0)) {
        throw new RangeError(`metrics.reporter.${setup.name}.interval must be positive, got ${setup.intervalMs}`);
      }
      setup.reporter.open?.(setup.config ?? {});
    }
  }

  get delimiter(): string {
    return this.scopeFormats.delimiter;
  }

  get isShutdown(): boolean {
    return this.shutdown;
  }

  /** Starts the view tick and the scheduled reporters. Timers are unref'd. */
  start(): void {
    this.viewUpdater.start(this.viewUpdateIntervalMs, (e) => this.warn(`Updating a metric view failed: ${String(e)}`));
    for (const setup of this.reporters) {
      if (setup.reporter.report === undefined) continue;
      const timer = setInterval(() => this.report(setup), setup.intervalMs ?? DEFAULT_REPORT_INTERVAL_MS);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Called by MetricGroup when it registers a metric. */
  register(metric: Metric, name: string, group: MetricGroup): void {
    if (this.shutdown) return;
    if (isView(metric)) this.viewUpdater.add(metric);
    this.notify('added', metric, name, group);
  }

  /** Called by MetricGroup when it closes. */
  unregister(metric: Metric, name: string, group: MetricGroup): void {
    if (isView(metric)) this.viewUpdater.remove(metric);
    if (!this.shutdown) this.notify('removed', metric, name, group);
  }

  warn(message: string): void {
    this.onWarning(message);
  }

  async close(): Promise<void> {
    if (this.shutdown) return;
    this.shutdown = true;
    this.viewUpdater.stop();
    for (const timer of this.timers) clearInterval(timer);
    for (const setup of this.reporters) {
      try {
        await setup.reporter.close?.();
      } catch (error) {
        this.warn(`Closing metric reporter '${setup.name}' failed: ${String(error)}`);
      }
    }
  }

  private notify(what: 'added' | 'removed', metric: Metric, name: string, group: MetricGroup): void {
    for (const setup of this.reporters) {
      const reporter: MetricReporter = setup.reporter;
      try {
        if (what === 'added') reporter.notifyOfAddedMetric(metric, name, group);
        else reporter.notifyOfRemovedMetric(metric, name, group);
      } catch (error) {
        this.warn(`Metric reporter '${setup.name}' failed on ${what} metric '${name}': ${String(error)}`);
      }
    }
  }

  private report(setup: ReporterSetup): void {
    try {
      const pending = setup.reporter.report?.();
      if (pending !== undefined) {
        pending.catch((error: unknown) => this.warn(`Metric reporter '${setup.name}' failed: ${String(error)}`));
      }
    } catch (error) {
      this.warn(`Metric reporter '${setup.name}' failed: ${String(error)}`);
    }
  }
}
