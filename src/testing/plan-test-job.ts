import type { DataStreamSource } from '../api/datastream/index.js';
import { StreamExecutionEnvironment } from '../api/environment/stream-execution-environment.js';
import { WatermarkStrategy } from '../api/eventtime/watermark-strategy.js';
import type { Sink } from '../api/sink/sink.js';
import type { TypeInformation } from '../core/types/type-information.js';
import { type PlannedJob, planPipeline } from '../runtime/job-loading/plan-pipeline.js';
import { CollectingTestSink, TestInputSource } from './test-endpoints.js';

// Runs a test job's builder on a fresh environment and plans the result, as a worker re-runs a job module: the
// driver calls it once per parallel subtask index, so every subtask gets its own function instances (a function
// object keeps per-subtask fields, e.g. state handles set in open()). Sinks are shared by name across the runs.

/** What the job builder gets besides the environment: named inputs and collecting sinks. */
export interface TestJobContext {
  /** A stream whose records the test pushes with driver.input(name).pipeInput(...). */
  input<T>(name: string, type?: TypeInformation<T>): DataStreamSource<T>;
  /** A sink whose records the test reads with driver.output(name). */
  sink<T>(name: string): Sink<T>;
}

/**
 * Builds the job on `env`. It runs once per parallel subtask index (as a job module runs once per worker), so it
 * must build the same job every time and create its functions inside; it must not call execute().
 */
export type TestJobBuilder = (env: StreamExecutionEnvironment, t: TestJobContext) => void;

export interface TestJobSettings {
  readonly parallelism?: number;
  readonly maxParallelism?: number;
  readonly config?: Readonly<Record<string, string>>;
}

const TEST_JOB_ID = '7e57'.padEnd(32, '0');

export function planTestJob(
  build: TestJobBuilder,
  settings: TestJobSettings,
  sinks: Map<string, CollectingTestSink<unknown>>,
  run: number,
): PlannedJob {
  const env = StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism ?? 1, settings.config);
  if (settings.maxParallelism !== undefined) env.setMaxParallelism(settings.maxParallelism);
  const inputNames = new Set<string>();
  const sinkNames = new Set<string>();
  build(env, {
    input: <T>(name: string, type?: TypeInformation<T>) => {
      checkName(name, inputNames, 'input');
      const source = new TestInputSource<T>(name, type);
      return env.fromSource(source, WatermarkStrategy.noWatermarks<T>(), name, type).setParallelism(1);
    },
    sink: <T>(name: string) => {
      checkName(name, sinkNames, 'sink');
      let sink = sinks.get(name);
      if (sink === undefined) {
        if (run > 0) throw differentJob(`it asked for a new sink '${name}' on run ${run + 1}`);
        sink = new CollectingTestSink<unknown>(name);
        sinks.set(name, sink);
      }
      return sink as CollectingTestSink<T>;
    },
  });
  const config = env.getConfig();
  return planPipeline(
    {
      jobName: config['pipeline.name'] ?? 'Test Job',
      transformations: env.getTransformations(),
      config,
      collections: new Map(),
      executeIndex: 0,
    },
    { jobId: TEST_JOB_ID },
  );
}

/** Fails when a later run of the builder planned another job than the first. */
export function checkSameJob(first: PlannedJob, other: PlannedJob, run: number): void {
  if (first.jobGraph.fingerprint === other.jobGraph.fingerprint) return;
  const names = (p: PlannedJob) => p.jobGraph.vertices.map((v) => `${v.name} (p=${v.parallelism})`).join(', ');
  throw differentJob(`run ${run + 1} built [${names(other)}], the first run [${names(first)}]`);
}

function differentJob(detail: string): Error {
  return new Error(
    `The test job builder built a different job when run again (${detail}). The driver runs it once per parallel ` +
      'subtask, as a worker re-runs a job module: build the same operators every time.',
  );
}

function checkName(name: string, taken: Set<string>, what: 'input' | 'sink'): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`t.${what}(name): give the ${what} a non-empty name, e.g. t.${what}('clicks')`);
  }
  if (taken.has(name)) {
    throw new Error(`t.${what}('${name}'): ${what === 'input' ? 'an' : 'a'} ${what} with this name exists already`);
  }
  taken.add(name);
}
