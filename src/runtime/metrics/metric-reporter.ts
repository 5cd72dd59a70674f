import type { Metric } from './metric.js';
import type { MetricGroup } from './metric-group.js';

/**
 * Flink's MetricReporter: told about every metric added to or removed from a registry, with the group that holds
 * it (for the identifier, logical scope and variables). A reporter with report() is a scheduled reporter (Flink's
 * Scheduled): the registry calls it every `intervalMs` on the registry's thread. The Prometheus exporter plugs in
 * here.
 *
 * Thread: all calls come from the thread that owns the registry. notify* must not block or throw; errors are
 * caught and reported as warnings.
 */
export interface MetricReporter {
  open?(config: Readonly<Record<string, string>>): void;
  close?(): void | Promise<void>;
  notifyOfAddedMetric(metric: Metric, metricName: string, group: MetricGroup): void;
  notifyOfRemovedMetric(metric: Metric, metricName: string, group: MetricGroup): void;
  report?(): void | Promise<void>;
  /** Replaces characters the reporter's backend does not accept (Flink's CharacterFilter). */
  filterCharacters?(input: string): string;
}

/** A reporter with its name (metrics.reporter.<name>.*) and, for scheduled reporters, its interval. */
export interface ReporterSetup {
  readonly name: string;
  readonly reporter: MetricReporter;
  /** metrics.reporter.<name>.interval; Flink's default is 10 s. */
  readonly intervalMs?: number;
  readonly config?: Readonly<Record<string, string>>;
}
