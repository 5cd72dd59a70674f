import type { Transformation } from '../transformations.js';
import type { JobClient } from './job-client.js';

/** What execute() hands over: the program's sinks and settings (Flink's Pipeline). */
export interface Pipeline {
  readonly jobName: string;
  /** Every transformation created, in creation (id) order. */
  readonly transformations: readonly Transformation[];
  /** Flink configuration keys (parallelism.default, pipeline.max-parallelism, ...). */
  readonly config: Readonly<Record<string, string>>;
  /** Collection data of fromData/fromCollection sources by transformation id, shipped instead of recomputed. */
  readonly collections: ReadonlyMap<number, readonly unknown[]>;
  /** How many execute() calls this module made before this one (a worker picks the same one). */
  readonly executeIndex: number;
}

/**
 * Runs pipelines. The top layer registers one (the embedded MiniCluster, a remote cluster, or, inside a worker,
 * the task-mode capture that hands the functions to the runtime and never resolves).
 */
export interface PipelineExecutor {
  execute(pipeline: Pipeline): Promise<JobClient>;
}

let current: PipelineExecutor | undefined;
let defaultFactory: (() => PipelineExecutor) | undefined;
let shipped: ReadonlyMap<number, readonly unknown[]> | undefined;

export function setPipelineExecutor(executor: PipelineExecutor | undefined): void {
  current = executor;
}

/** The executor used when none was set explicitly; the public `weir` entry registers the embedded MiniCluster. */
export function setDefaultPipelineExecutorFactory(factory: () => PipelineExecutor): void {
  defaultFactory = factory;
}

export function getPipelineExecutor(): PipelineExecutor {
  if (current === undefined && defaultFactory !== undefined) return defaultFactory();
  if (current === undefined) {
    throw new Error(
      'No executor is set up to run this job. Run it with `npx weir run <job file>`, or import from "weir" (not a deep path) so the embedded MiniCluster is registered.',
    );
  }
  return current;
}

/** In a worker: the collection data the client shipped, used instead of what the module recomputes. */
export function setShippedCollections(data: ReadonlyMap<number, readonly unknown[]> | undefined): void {
  shipped = data;
}
export function getShippedCollection(transformationId: number): readonly unknown[] | undefined {
  return shipped?.get(transformationId);
}

let contextConfiguration: Readonly<Record<string, string>> = {};

/**
 * Configuration the surrounding context gives every environment (the CLI's -p and -D flags, a worker's shipped
 * job config); getExecutionEnvironment() starts from it, as Flink's context environments do.
 */
export function setContextConfiguration(config: Readonly<Record<string, string>>): void {
  contextConfiguration = { ...config };
}
export function getContextConfiguration(): Readonly<Record<string, string>> {
  return contextConfiguration;
}
