import { availableParallelism } from 'node:os';
import { UPPER_BOUND_MAX_PARALLELISM } from '../../core/key-group.js';
import { Duration } from '../../core/time.js';
import type { TypeInformation } from '../../core/types/type-information.js';
import { DataStreamSource } from '../datastream/index.js';
import { checkNonEmptyString, commonSettings } from '../datastream/transformation-settings.js';
import type { JobClient, JobExecutionResult } from '../execution/job-client.js';
import {
  getContextConfiguration,
  getPipelineExecutor,
  getShippedCollection,
  type Pipeline,
} from '../execution/pipeline-executor.js';
import { describeValue } from '../functions/normalize.js';
import { FromElementsSource } from '../source/from-elements-source.js';
import { NumberSequenceSource } from '../source/number-sequence-source.js';
import type { Source, SourceSplit } from '../source/source.js';
import type { SourceTransformation, Transformation } from '../transformations.js';
import { checkCollectionElements, parseConfig } from './environment-config.js';

/** Flink's CheckpointingMode. */
export type CheckpointingMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';

export const DEFAULT_JOB_NAME = 'Weir Streaming Job';
/** Flink's CheckpointCoordinator minimum. */
const MINIMAL_CHECKPOINT_INTERVAL_MS = 10;

/** execute() calls so far in this module run, on any environment: a worker re-running the module counts the same. */
let executeCount = 0;

/**
 * @internal Restarts the execute() count. A runner that loads several job modules in one process calls this before
 * each, so that every module counts from 0 as the worker that re-runs it will.
 */
export function resetExecuteCount(): void {
  executeCount = 0;
}

/**
 * Where a job is built (Flink's StreamExecutionEnvironment): sources start streams, settings land in Flink's
 * configuration keys, execute() hands the program to the registered PipelineExecutor. Building is deterministic:
 * transformation ids count up per environment in creation order, so a worker that re-runs the job module gets the
 * same ids (ARCHITECTURE §3). Not thread-safe; a job module builds its pipeline on one thread.
 */
export class StreamExecutionEnvironment {
  private readonly config: Record<string, string>;
  private nextId = 1;
  private transformations: Transformation[] = [];
  private collections = new Map<number, readonly unknown[]>();

  private constructor(config: Readonly<Record<string, string>>) {
    this.config = parseConfig(config);
  }

  /**
   * The environment for this run: the embedded MiniCluster locally, the cluster under `weir run -m`. It starts from
   * the context configuration (the CLI's flags; in a worker, the submitted job's configuration, so the re-run module
   * builds the same graph on any machine), overridden by `config`.
   */
  static getExecutionEnvironment(config: Readonly<Record<string, string>> = {}): StreamExecutionEnvironment {
    return new StreamExecutionEnvironment({ ...getContextConfiguration(), ...config });
  }

  /** A local environment; the parallelism defaults to the number of CPU cores, as in Flink. */
  static createLocalEnvironment(
    parallelism?: number,
    config: Readonly<Record<string, string>> = {},
  ): StreamExecutionEnvironment {
    const env = new StreamExecutionEnvironment({ ...getContextConfiguration(), ...config });
    if (parallelism !== undefined) env.setParallelism(parallelism);
    return env;
  }

  /** The default parallelism of operators without their own (parallelism.default). -1 means the CPU cores. */
  setParallelism(parallelism: number): this {
    if (!Number.isInteger(parallelism) || (parallelism < 1 && parallelism !== -1)) {
      throw new RangeError(
        `setParallelism(${String(parallelism)}): The parallelism must be at least one, or -1 (use the number of ` +
          'CPU cores).',
      );
    }
    const resolved = parallelism === -1 ? availableParallelism() : parallelism;
    if (resolved > UPPER_BOUND_MAX_PARALLELISM) {
      throw new RangeError(
        `setParallelism(${resolved}): the parallelism can be at most ${UPPER_BOUND_MAX_PARALLELISM}`,
      );
    }
    // Checked against the max parallelism at execute(), not here: a worker re-running the module starts from the
    // final configuration, so an order-dependent check could fail there although it passed on the client.
    this.config['parallelism.default'] = String(resolved);
    return this;
  }

  getParallelism(): number {
    return Number(this.config['parallelism.default']);
  }

  /** The number of key groups of keyed state (pipeline.max-parallelism): the limit for rescaling later. */
  setMaxParallelism(maxParallelism: number): this {
    if (!Number.isInteger(maxParallelism) || maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
      throw new RangeError(
        `setMaxParallelism(${String(maxParallelism)}): maxParallelism is out of bounds 0 < maxParallelism <= ` +
          `${UPPER_BOUND_MAX_PARALLELISM}.`,
      );
    }
    this.config['pipeline.max-parallelism'] = String(maxParallelism);
    return this;
  }

  /** -1 when unset: each operator's is then computed from its parallelism, as Flink does. */
  getMaxParallelism(): number {
    const value = this.config['pipeline.max-parallelism'];
    return value === undefined ? -1 : Number(value);
  }

  /** How long a partly filled network buffer may wait before it is sent (ms); 0 sends every record, -1 only full. */
  setBufferTimeout(timeoutMillis: number): this {
    if (!Number.isInteger(timeoutMillis) || timeoutMillis < -1) {
      throw new RangeError(`setBufferTimeout(${String(timeoutMillis)}): Timeout of buffer must be non-negative or -1`);
    }
    this.config['execution.buffer-timeout.enabled'] = String(timeoutMillis !== -1);
    if (timeoutMillis !== -1) this.config['execution.buffer-timeout.interval'] = `${timeoutMillis} ms`;
    return this;
  }

  /** Checkpoints every `interval` (Duration or ms), exactly-once unless told otherwise. */
  enableCheckpointing(interval: Duration | number, mode: CheckpointingMode = 'EXACTLY_ONCE'): this {
    const ms = Duration.from(interval).toMillis();
    if (ms < MINIMAL_CHECKPOINT_INTERVAL_MS) {
      throw new RangeError(
        `enableCheckpointing(${ms} ms): Checkpoint interval must be larger than or equal to ` +
          `${MINIMAL_CHECKPOINT_INTERVAL_MS} ms`,
      );
    }
    if (mode !== 'EXACTLY_ONCE' && mode !== 'AT_LEAST_ONCE') {
      throw new RangeError(
        `enableCheckpointing: mode must be 'EXACTLY_ONCE' or 'AT_LEAST_ONCE', got ${describeValue(mode)}`,
      );
    }
    this.config['execution.checkpointing.interval'] = `${ms} ms`;
    this.config['execution.checkpointing.mode'] = mode;
    return this;
  }

  /** Runs every operator in its own task (pipeline.operator-chaining.enabled = false); for debugging. */
  disableOperatorChaining(): this {
    this.config['pipeline.operator-chaining.enabled'] = 'false';
    return this;
  }

  /** A copy of the configuration (Flink keys and string values) the job will be submitted with. */
  getConfig(): Record<string, string> {
    return { ...this.config };
  }

  /** A stream of the given values, in order, from a non-parallel source ("Collection Source"). */
  fromData<T>(...values: T[]): DataStreamSource<T> {
    if (values.length === 0) {
      throw new RangeError('fromData needs at least one element as argument; use fromCollection([]) for none');
    }
    return this.addCollectionSource(values, undefined, 'fromData');
  }

  /** Flink's older name for fromData. */
  fromElements<T>(...values: T[]): DataStreamSource<T> {
    if (values.length === 0) {
      throw new RangeError('fromElements needs at least one element as argument; use fromCollection([]) for none');
    }
    return this.addCollectionSource(values, undefined, 'fromElements');
  }

  /** A stream of the iterable's values (read once, now), from a non-parallel source; may be empty. */
  fromCollection<T>(data: Iterable<T>, type?: TypeInformation<T>): DataStreamSource<T> {
    if (data === null || typeof (data as Partial<Iterable<T>>)?.[Symbol.iterator] !== 'function') {
      throw new TypeError(`fromCollection expects an iterable (array, Set, generator), got ${describeValue(data)}`);
    }
    return this.addCollectionSource(data, type, 'fromCollection');
  }

  /** The numbers from..to (inclusive), split evenly over the source's subtasks ("Sequence Source"). */
  fromSequence(from: number, to: number): DataStreamSource<number> {
    return this.addSource(new NumberSequenceSource(from, to), undefined, 'Sequence Source', undefined, true);
  }

  /** A stream from a Source; `watermarkStrategy` decides event time (e.g. WatermarkStrategy.noWatermarks()). */
  fromSource<T, SplitT extends SourceSplit, CheckpointT>(
    source: Source<T, SplitT, CheckpointT>,
    watermarkStrategy: object,
    sourceName: string,
    type?: TypeInformation<T>,
  ): DataStreamSource<T> {
    const ok = source !== null && typeof source === 'object' && typeof source.createReader === 'function';
    if (!ok || typeof source.createEnumerator !== 'function' || typeof source.getBoundedness !== 'function') {
      throw new TypeError(
        `fromSource expects a Source (getBoundedness, createReader, createEnumerator), got ${describeValue(source)}`,
      );
    }
    if (watermarkStrategy === null || typeof watermarkStrategy !== 'object') {
      throw new TypeError(
        `fromSource(source, watermarkStrategy, name) needs a WatermarkStrategy, e.g. WatermarkStrategy.noWatermarks(); got ${describeValue(watermarkStrategy)}`,
      );
    }
    checkNonEmptyString(sourceName, 'fromSource(): the source name', "'bids'");
    return this.addSource(source as Source<T, SourceSplit, unknown>, watermarkStrategy, sourceName, type, true);
  }

  /** Runs the job and resolves with its result when it finishes (rejects with its failure). */
  async execute(jobName?: string): Promise<JobExecutionResult> {
    const client = await this.executeAsync(jobName);
    return client.getJobExecutionResult();
  }

  /**
   * Submits the job and resolves once it is submitted. The pipeline is built synchronously, before the first await,
   * so the execute index and the transformations are fixed at the call. Afterwards the environment is empty again
   * (as in Flink): a later execute() runs only what was added since.
   */
  async executeAsync(jobName?: string): Promise<JobClient> {
    const pipeline = this.buildPipeline(jobName);
    return getPipelineExecutor().execute(pipeline);
  }

  /** @internal Assigns the next id, creates the transformation with it and adds it to the job. */
  addTransformation<X extends Transformation>(create: (id: number) => X): X {
    const transformation = create(this.nextId++);
    this.transformations.push(transformation);
    return transformation;
  }

  /** @internal The transformations added since the last execute(), in id order. */
  getTransformations(): readonly Transformation[] {
    return this.transformations;
  }

  private buildPipeline(jobName: string | undefined): Pipeline {
    const max = this.getMaxParallelism();
    if (max > 0 && this.getParallelism() > max) {
      throw new RangeError(
        `The parallelism ${this.getParallelism()} is higher than the max parallelism ${max} ` +
          '(pipeline.max-parallelism); lower the parallelism or raise the max parallelism',
      );
    }
    if (!this.transformations.some((t) => t.kind !== 'source')) {
      throw new Error(
        'No operators defined in streaming topology. Cannot execute. Add a sink (e.g. stream.print() or ' +
          'sinkTo()) or another operation after your sources.',
      );
    }
    const name = jobName ?? this.config['pipeline.name'] ?? DEFAULT_JOB_NAME;
    const pipeline: Pipeline = {
      jobName: checkNonEmptyString(name, 'execute(): the job name', "'word count'"),
      transformations: this.transformations,
      config: { ...this.config },
      collections: this.collections,
      executeIndex: executeCount++,
    };
    this.transformations = [];
    this.collections = new Map();
    return pipeline;
  }

  private addCollectionSource<T>(
    data: Iterable<T>,
    type: TypeInformation<T> | undefined,
    method: string,
  ): DataStreamSource<T> {
    const id = this.nextId;
    // In a worker the client's data is used, so a module that computes its data (random, time, files) still gets
    // the data the job was submitted with.
    const elements =
      (getShippedCollection(id) as readonly T[] | undefined) ?? checkCollectionElements([...data], method);
    const stream = this.addSource(new FromElementsSource(elements, type), undefined, 'Collection Source', type, false);
    this.collections.set(id, elements);
    return stream;
  }

  private addSource<T>(
    source: Source<T, SourceSplit, unknown>,
    watermarkStrategy: object | undefined,
    name: string,
    type: TypeInformation<T> | undefined,
    parallel: boolean,
  ): DataStreamSource<T> {
    const outputType = (type ?? source.producedType) as TypeInformation<unknown> | undefined;
    const t = this.addTransformation(
      (id): SourceTransformation => ({
        ...commonSettings(id, name, parallel ? -1 : 1, outputType, 'HEAD'),
        kind: 'source',
        source: source as Source<unknown, SourceSplit, unknown>,
        watermarkStrategy,
      }),
    );
    return new DataStreamSource<T>(this, t, parallel);
  }
}
