import { availableParallelism } from 'node:os';
import type { Pipeline } from '../../api/execution/pipeline-executor.js';
import { durationOption } from '../../core/config/duration-option.js';
import type { JobGraph } from '../../graph/job-graph.js';
import { generateJobGraph } from '../../graph/job-graph-generator.js';
import type { StreamGraph } from '../../graph/stream-graph.js';
import { generateStreamGraph, streamGraphOptionsFromConfig } from '../../graph/stream-graph-generator.js';

export interface PlannedJob {
  readonly streamGraph: StreamGraph;
  readonly jobGraph: JobGraph;
}

/**
 * Turns a pipeline into its StreamGraph and JobGraph. The client plans with the local default parallelism (CPU
 * cores, as Flink's local environment) and records it in the JobGraph's config, so a worker that re-runs the module
 * plans with exactly the same settings and gets the same graph.
 */
export function planPipeline(
  pipeline: Pipeline,
  options: { jobId?: string; shippedConfig?: Readonly<Record<string, string>> } = {},
): PlannedJob {
  const config: Record<string, string> = { ...pipeline.config, ...options.shippedConfig };
  config['parallelism.default'] ??= String(availableParallelism());
  // Read duration options once here, on the client, so a typo fails the submission, not a worker.
  for (const key of ['execution.buffer-timeout.interval', 'pipeline.auto-watermark-interval'])
    durationOption(config, key, 0);
  const graphOptions = streamGraphOptionsFromConfig(pipeline.jobName, config, Number(config['parallelism.default']));
  const streamGraph = generateStreamGraph(pipeline.transformations, graphOptions);
  const jobGraph = generateJobGraph(streamGraph, { jobId: options.jobId, config });
  return { streamGraph, jobGraph };
}

/** Fails when a worker's rebuilt graph is not the one the client submitted (ARCHITECTURE §3). */
export function checkSameGraph(shipped: JobGraph, rebuilt: JobGraph, modulePath: string): void {
  if (shipped.fingerprint === rebuilt.fingerprint) return;
  const names = (g: JobGraph) => g.vertices.map((v) => `${v.name} (p=${v.parallelism})`).join(', ');
  throw new Error(
    `The job module ${modulePath} built a different job graph in the worker than on the client ` +
      `(fingerprint ${rebuilt.fingerprint.slice(0, 12)} instead of ${shipped.fingerprint.slice(0, 12)}).\n` +
      `  client: ${names(shipped)}\n  worker: ${names(rebuilt)}\n` +
      'A job module must build the same pipeline every time it runs: do not let randomness, the clock, files or the ' +
      'environment decide which operators exist (compute such values inside functions, or ship data with fromData).',
  );
}
