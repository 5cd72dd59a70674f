import type { MetricGroupView } from '../../api/functions/runtime-context.js';
import type { Counter, Gauge, Histogram, Meter, Metric } from './metric.js';
import type { MetricRegistry } from './metric-registry.js';
import type { QueryScope } from './query-scope.js';
import { queryScopeName } from './query-scope.js';
import { SimpleCounter } from './simple-counter.js';

/** How a group is created; component groups pass their scope, user groups derive everything from the parent. */
export interface MetricGroupInit {
  readonly registry: MetricRegistry;
  readonly parent?: MetricGroup;
  /** System scope components (from a scope format) or, for user groups, the parent's plus this group's name. */
  readonly scopeComponents: readonly string[];
  /** This group's own variables, keys in angle brackets ("<tm_id>"); parents' variables are added on read. */
  readonly variables?: Readonly<Record<string, string>>;
  /** Set on component groups (task manager, job, task, operator); user groups inherit their parent's. */
  readonly queryScope?: QueryScope;
  /** This group's part of the logical scope ("taskmanager", "job", "task", "operator", or a user group's name). */
  readonly logicalName?: string;
}

/**
 * Flink's MetricGroup: a named scope holding metrics and subgroups. Component groups (see component-metric-groups)
 * carry a system scope from the scope formats and a QueryScope for snapshots; addGroup() creates user groups below.
 *
 * Thread: a group and its metrics belong to one thread (a slot worker for task metrics). Registering metrics happens
 * at setup time; the hot path only touches the returned Counter/Meter objects.
 */
export class MetricGroup implements MetricGroupView {
  readonly registry: MetricRegistry;
  readonly parent: MetricGroup | undefined;
  /** The nearest component group (this one, for component groups). */
  readonly component: MetricGroup;
  readonly queryScope: QueryScope | undefined;
  /** The query-name prefix of user groups below their component ("" for component groups, else "a.b."). */
  readonly queryPrefix: string;
  private readonly scopeComponents: readonly string[];
  private readonly ownVariables: Readonly<Record<string, string>>;
  private readonly logicalName: string | undefined;
  private readonly metrics = new Map<string, Metric>();
  private readonly groups = new Map<string, MetricGroup>();
  private allVariables: Readonly<Record<string, string>> | undefined;
  private closed = false;

  constructor(init: MetricGroupInit) {
    this.registry = init.registry;
    this.parent = init.parent;
    this.scopeComponents = init.scopeComponents;
    this.ownVariables = init.variables ?? {};
    this.queryScope = init.queryScope;
    this.logicalName = init.logicalName;
    const userGroup = init.queryScope === undefined && init.parent !== undefined;
    this.component = userGroup ? init.parent.component : this;
    const own = init.scopeComponents[init.scopeComponents.length - 1] ?? '';
    this.queryPrefix = userGroup ? `${init.parent.queryPrefix}${queryScopeName(own)}.` : '';
  }

  /** Registers and returns a counter (a new SimpleCounter unless one is given). */
  counter(name: string | number, counter: Counter = new SimpleCounter()): Counter {
    return this.add(name, counter);
  }

  /** Registers a gauge; a plain function is accepted where Flink takes a Gauge. */
  gauge<T>(name: string | number, gauge: Gauge<T> | (() => T)): Gauge<T> {
    const g: Gauge<T> = typeof gauge === 'function' ? { kind: 'gauge', getValue: gauge } : gauge;
    return this.add(name, g);
  }

  meter(name: string | number, meter: Meter): Meter {
    return this.add(name, meter);
  }

  histogram(name: string | number, histogram: Histogram): Histogram {
    return this.add(name, histogram);
  }

  /**
   * A user subgroup: addGroup(name) adds one scope component; addGroup(key, value) adds two and makes `<key>` a
   * variable with that value (Flink's key/value groups). Calling it again returns the same group.
   */
  addGroup(name: string | number, value?: string | number): MetricGroup {
    const key = checkName(String(name), this, 'group name');
    if (value === undefined) return this.child(key, () => this.userGroup(key, key, {}));
    const keyGroup = this.child(key, () => this.userGroup(key, key, {}));
    const v = checkName(String(value), this, 'group value');
    return keyGroup.child(v, () => keyGroup.userGroup(v, undefined, { [`<${key}>`]: v }));
  }

  getScopeComponents(): readonly string[] {
    return this.scopeComponents;
  }

  /** Scope components, then the name, joined by the delimiter (metrics.scope.delimiter). */
  getMetricIdentifier(metricName: string, filter?: (s: string) => string, delimiter = this.registry.delimiter): string {
    const parts = filter === undefined ? this.scopeComponents : this.scopeComponents.map(filter);
    return [...parts, filter === undefined ? metricName : filter(metricName)].join(delimiter);
  }

  /** Every variable visible here, this group's and its ancestors' (keys in angle brackets). */
  getAllVariables(): Readonly<Record<string, string>> {
    if (this.allVariables === undefined) {
      this.allVariables = Object.freeze({ ...(this.parent?.getAllVariables() ?? {}), ...this.ownVariables });
    }
    return this.allVariables;
  }

  /** The scope without variable values, e.g. "taskmanager.job.task.operator" (used by Prometheus-style reporters). */
  getLogicalScope(filter: (s: string) => string = (s) => s, delimiter = this.registry.delimiter): string {
    const own = this.logicalName === undefined ? undefined : filter(this.logicalName);
    const parent = this.parent?.getLogicalScope(filter, delimiter);
    if (own === undefined) return parent ?? '';
    return parent === undefined || parent === '' ? own : `${parent}${delimiter}${own}`;
  }

  getMetrics(): ReadonlyMap<string, Metric> {
    return this.metrics;
  }

  getGroups(): ReadonlyMap<string, MetricGroup> {
    return this.groups;
  }

  isClosed(): boolean {
    return this.closed;
  }

  /** Closes subgroups, unregisters this group's metrics and detaches it from its parent. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const group of [...this.groups.values()]) group.close();
    for (const [name, metric] of this.metrics) this.registry.unregister(metric, name, this);
    this.metrics.clear();
    this.parent?.detach(this);
  }

  /** Subclasses add their own component children through this, so close() reaches them. */
  protected child<G extends MetricGroup>(name: string, create: () => G): G {
    const existing = this.groups.get(name);
    if (existing !== undefined) return existing as G;
    if (this.metrics.has(name)) {
      this.registry.warn(`Name collision: group '${name}' has the name of a metric in ${this.describe()}`);
    }
    const group = create();
    if (!this.closed) this.groups.set(name, group);
    return group;
  }

  protected describe(): string {
    return `metric group '${this.scopeComponents.join(this.registry.delimiter)}'`;
  }

  private detach(group: MetricGroup): void {
    for (const [name, g] of this.groups) {
      if (g === group) this.groups.delete(name);
    }
  }

  private userGroup(component: string, logicalName: string | undefined, variables: Record<string, string>) {
    return new MetricGroup({
      registry: this.registry,
      parent: this,
      scopeComponents: [...this.scopeComponents, component],
      variables,
      logicalName,
    });
  }

  private add<M extends Metric>(name: string | number, metric: M): M {
    const key = checkName(String(name), this, 'metric name');
    if (this.closed) return metric; // as Flink: a closed group hands the metric back without registering it
    if (this.metrics.has(key)) {
      this.registry.warn(
        `Name collision: ${this.describe()} already has a metric named '${key}'; the new one is not reported`,
      );
      return metric;
    }
    if (this.groups.has(key)) {
      this.registry.warn(`Name collision: metric '${key}' has the name of a subgroup in ${this.describe()}`);
    }
    this.metrics.set(key, metric);
    this.registry.register(metric, key, this);
    return metric;
  }
}

function checkName(name: string, group: MetricGroup, what: string): string {
  if (name.trim() === '') {
    throw new TypeError(
      `A ${what} must be a non-empty string (in metric group '${group.getScopeComponents().join('.')}')`,
    );
  }
  return name;
}
