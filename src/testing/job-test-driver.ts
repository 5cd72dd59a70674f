import { autoWatermarkInterval } from '../api/eventtime/auto-watermark-interval.js';
import type { Timestamped } from '../api/operators/operator-harness.js';
import { FromElementsSource } from '../api/source/from-elements-source.js';
import { assignKeyToParallelOperator } from '../core/key-group.js';
import { MAX_WATERMARK, NO_TIMESTAMP } from '../core/time.js';
import type { StreamGraph, StreamNode } from '../graph/stream-graph.js';
import type { OperatorOutput } from '../runtime/taskmanager/task/chain-outputs.js';
import { DriverClock } from './driver-clock.js';
import { driverNetworkOutput } from './driver-network-output.js';
import { DriverSubtask } from './driver-subtask.js';
import { KeyedStateView } from './keyed-state-view.js';
import { checkSameJob, planTestJob, type TestJobBuilder } from './plan-test-job.js';
import { type CollectingTestSink, TestInputSource } from './test-endpoints.js';

// A whole job under test (Kafka Streams' TopologyTestDriver, on Flink's runtime pieces): the test builds the job on
// an environment with named inputs and collecting sinks, then pushes records, watermarks and processing-time
// advances. Every subtask runs the real OperatorChain of its vertex in this thread; records cross vertices through
// the edges' real channel selectors; a manual clock drives processing time. Nothing runs unless the test calls in,
// and each call returns once the job is quiet, so results are deterministic. Contract: test thread only.

export interface JobTestDriverOptions {
  /** Default parallelism of every operator (default 1); keyBy routes by key group as in the runtime. */
  readonly parallelism?: number;
  readonly maxParallelism?: number;
  /** Processing time at the start (default 0). */
  readonly startProcessingTime?: number;
  /** More Flink configuration keys for the environment. */
  readonly config?: Readonly<Record<string, string>>;
  /** Deep-freeze records between chained operators so mutation fails loudly (default true). */
  readonly freezeRecords?: boolean;
}

/** Handle on one named input of the job. */
export class TestInput<T> {
  private watermark = Number.NEGATIVE_INFINITY;
  ended = false;

  constructor(
    readonly name: string,
    private readonly output: OperatorOutput,
    private readonly afterEach: () => void,
  ) {}

  /** One record, with an event-time timestamp or none; returns once the job has processed it. */
  pipeInput(value: T, timestamp: number = NO_TIMESTAMP): this {
    this.checkOpen('pipeInput');
    this.output.collect(value, timestamp);
    this.afterEach();
    return this;
  }

  /** Several records, in order, with the timestamps `timestampOf` gives (none by default). */
  pipeInputs(values: Iterable<T>, timestampOf?: (value: T) => number): this {
    for (const value of values) this.pipeInput(value, timestampOf === undefined ? NO_TIMESTAMP : timestampOf(value));
    return this;
  }

  /** This input's watermark: operators downstream see the minimum over their inputs, as in the runtime. */
  advanceWatermark(watermark: number): this {
    this.checkOpen('advanceWatermark');
    if (typeof watermark !== 'number' || Number.isNaN(watermark)) {
      throw new TypeError(`advanceWatermark on input '${this.name}': a watermark is a number, got ${watermark}`);
    }
    if (watermark < this.watermark) {
      throw new RangeError(
        `advanceWatermark(${watermark}) on input '${this.name}': watermarks only move forward (it is at ` +
          `${this.watermark}); push a late record with pipeInput(value, timestamp) instead`,
      );
    }
    this.watermark = watermark;
    this.output.emitWatermark(watermark);
    this.afterEach();
    return this;
  }

  /** Marks the input idle (it no longer holds back the watermark of operators reading several inputs). */
  markIdle(): this {
    this.checkOpen('markIdle');
    this.output.emitWatermarkStatus(true);
    this.afterEach();
    return this;
  }

  markActive(): this {
    this.checkOpen('markActive');
    this.output.emitWatermarkStatus(false);
    this.afterEach();
    return this;
  }

  /** @internal The end of this input: the final watermark (+∞) fires every event-time timer downstream. */
  end(): void {
    if (this.ended) return;
    this.output.emitWatermark(MAX_WATERMARK);
    this.ended = true;
  }

  private checkOpen(method: string): void {
    if (this.ended) throw new Error(`${method} on input '${this.name}': the input has ended (endInput/close)`);
  }
}

export class JobTestDriver {
  readonly streamGraph: StreamGraph;
  private readonly subtasks: DriverSubtask[] = [];
  private readonly inputs = new Map<string, TestInput<unknown>>();
  private readonly sinks = new Map<string, CollectingTestSink<unknown>>();
  private readonly clock: DriverClock;
  private closed = false;

  constructor(build: TestJobBuilder, options: JobTestDriverOptions = {}) {
    if (typeof build !== 'function') {
      throw new TypeError('JobTestDriver needs a function that builds the job: new JobTestDriver((env, t) => {...})');
    }
    const first = planTestJob(build, options, this.sinks, 0);
    const { streamGraph, jobGraph } = first;
    this.streamGraph = streamGraph;
    const runs = [first];
    const slots = Math.max(1, ...jobGraph.vertices.map((v) => v.parallelism));
    for (let run = 1; run < slots; run++) {
      const planned = planTestJob(build, options, this.sinks, run);
      checkSameJob(first, planned, run);
      runs.push(planned);
    }
    const quiesce = () => this.quiesce();
    this.clock = new DriverClock(options.startProcessingTime ?? 0, quiesce);
    const services = {
      jobId: jobGraph.jobId,
      clock: this.clock,
      testMode: options.freezeRecords !== false,
      autoWatermarkInterval: autoWatermarkInterval(jobGraph.config),
      createNetworkOutput: driverNetworkOutput(streamGraph, jobGraph, (vertexId) => this.subtasksOf(vertexId)),
    };
    // Subtask i of every vertex runs on the graph of run i, as subtask i of every vertex shares slot i's worker.
    jobGraph.vertices.forEach((vertex, v) => {
      for (let i = 0; i < vertex.parallelism; i++) {
        this.subtasks.push(new DriverSubtask(runs[i].jobGraph.vertices[v], runs[i].streamGraph, i, services));
      }
    });
    for (const subtask of this.subtasks) subtask.open();
    this.startSources(quiesce);
    this.quiesce();
  }

  /** The named input created with t.input(name). */
  input<T>(name: string): TestInput<T> {
    const input = this.inputs.get(name);
    if (input === undefined) throw new Error(`No input '${name}'; the job has: ${names(this.inputs)}`);
    return input as TestInput<T>;
  }

  /** Moves the watermark of every input that has not ended. */
  advanceWatermark(watermark: number): void {
    for (const input of this.inputs.values()) if (!input.ended) input.advanceWatermark(watermark);
  }

  /** Moves processing time forward by `ms`: due timers fire in time order, each one's output flows through first. */
  advanceProcessingTime(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advanceProcessingTime(${ms}): give a non-negative number of milliseconds`);
    this.setProcessingTime(this.clock.getCurrentProcessingTime() + ms);
  }

  setProcessingTime(time: number): void {
    this.clock.advanceTo(time);
    this.quiesce();
  }

  get currentProcessingTime(): number {
    return this.clock.getCurrentProcessingTime();
  }

  /** Values that reached the sink t.sink(name), in arrival order. */
  output<T>(name: string): T[] {
    return this.sink<T>(name).records.map((r) => r.value);
  }

  /** Values with their timestamps (NO_TIMESTAMP for none). */
  outputRecords<T>(name: string): Timestamped<T>[] {
    return [...this.sink<T>(name).records];
  }

  /** Watermarks that reached the sink. */
  outputWatermarks(name: string): number[] {
    return [...this.sink(name).watermarks];
  }

  /** Forgets what every sink received so far. */
  clearOutputs(): void {
    for (const sink of this.sinks.values()) sink.records.length = sink.watermarks.length = 0;
  }

  /** Keyed state and pending timers of the keyed operator named `operatorName` (over all its subtasks). */
  state(operatorName: string): KeyedStateView {
    const nodes = [...this.streamGraph.nodes.values()].filter((n) => n.name === operatorName);
    if (nodes.length !== 1) {
      const all = [...this.streamGraph.nodes.values()].map((n) => `'${n.name}'`).join(', ');
      throw new Error(
        nodes.length === 0
          ? `No operator named '${operatorName}'; operators: ${all}. Name one with .name('...')`
          : `${nodes.length} operators are named '${operatorName}'; give the one you mean a unique .name('...')`,
      );
    }
    const node = nodes[0];
    const parts = this.subtasks.flatMap((s) => s.keyed.get(node.id) ?? []);
    if (parts.length === 0) throw new Error(`Operator '${operatorName}' is not keyed: it has no keyed state or timers`);
    return new KeyedStateView(operatorName, parts, (key) =>
      assignKeyToParallelOperator(key, node.maxParallelism, node.parallelism),
    );
  }

  /**
   * Lets settled promises (async I/O results) reach their operators: one event-loop turn, then runs the job until
   * quiet; repeats while that produced work (at most `maxTurns` turns).
   */
  async settle(maxTurns = 100): Promise<void> {
    for (let turn = 0; turn < maxTurns; turn++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!this.subtasks.some((s) => s.mailbox.size > 0)) return;
      this.quiesce();
    }
  }

  /** Pending processing-time callbacks of the whole job (timers, periodic watermark emitters). */
  get pendingProcessingTimeCallbacks(): number {
    return this.clock.pending;
  }

  /**
   * Ends the input `name` (the final watermark +∞ fires its event-time timers downstream). Operators finish only at
   * close(), once every input has ended.
   */
  endInput(name: string): void {
    this.input(name).end();
    this.quiesce();
  }

  /**
   * Ends every input, then finishes the subtasks in topological order (endInput, finish, end-of-partition
   * downstream) and closes every operator. Rejects with the first error. Safe to call twice.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const input of this.inputs.values()) input.end();
    this.quiesce();
    for (let next = this.nextToFinish(); next !== undefined; next = this.nextToFinish()) {
      await next.finish(() => this.quiesce());
      this.quiesce();
    }
    let first: unknown;
    for (const subtask of this.subtasks) first ??= await subtask.close();
    if (first !== undefined) throw first;
  }

  /** Runs every subtask until none has mail, pending emissions or input left. */
  private quiesce(): void {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const subtask of this.subtasks) while (subtask.step()) progressed = true;
    }
  }

  private nextToFinish(): DriverSubtask | undefined {
    for (const subtask of this.subtasks) {
      if (subtask.finished) continue;
      const source = subtask.sourceNode;
      const ready = source === undefined ? subtask.inputsEnded : true;
      if (ready) return subtask;
    }
    return undefined;
  }

  private subtasksOf(vertexId: string): DriverSubtask[] {
    return this.subtasks.filter((s) => s.vertex.id === vertexId);
  }

  private sink<T>(name: string): CollectingTestSink<T> {
    const sink = this.sinks.get(name);
    if (sink === undefined) throw new Error(`No sink '${name}'; the job has: ${names(this.sinks)}`);
    return sink as CollectingTestSink<T>;
  }

  /** Driver inputs get a handle; collection sources emit their elements and end now, as a bounded source does. */
  private startSources(quiesce: () => void): void {
    for (const subtask of this.subtasks) {
      const node = subtask.sourceNode;
      if (node === undefined || node.transformation.kind !== 'source') continue;
      const output = subtask.chain.outputs[0];
      const source: unknown = node.transformation.source;
      if (source instanceof TestInputSource) {
        if (subtask.subtaskIndex > 0) {
          throw new Error(`Input '${source.inputName}' runs at parallelism 1: do not call setParallelism() on it`);
        }
        this.inputs.set(source.inputName, new TestInput(source.inputName, output, quiesce));
      } else if (source instanceof FromElementsSource) {
        if (subtask.subtaskIndex === 0) for (const value of source.elements) output.collect(value, NO_TIMESTAMP);
        output.emitWatermark(MAX_WATERMARK);
      } else {
        throw unsupportedSource(node);
      }
    }
  }
}

/** Shorthand for `new JobTestDriver(build, options)`. */
export function testJob(build: TestJobBuilder, options?: JobTestDriverOptions): JobTestDriver {
  return new JobTestDriver(build, options);
}

function names(map: ReadonlyMap<string, unknown>): string {
  return map.size === 0 ? '(none)' : [...map.keys()].map((n) => `'${n}'`).join(', ');
}

function unsupportedSource(node: StreamNode): Error {
  return new Error(
    `Source '${node.name}' cannot run under a JobTestDriver: it feeds only its own inputs and collection sources ` +
      "(fromData/fromCollection). Build the job with t.input('name') in its place and push records with " +
      "driver.input('name').pipeInput(...).",
  );
}
