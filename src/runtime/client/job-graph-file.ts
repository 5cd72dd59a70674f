import v8 from 'node:v8';
import type { JobGraph } from '../../graph/job-graph.js';
import type { JobInformation } from '../rpc/gateways.js';

// The "JobGraph file" of POST /jobs (Flink's client writes its JobGraph with Java serialization; ours is a
// structured-clone payload, the same encoding RPC uses, after a magic line naming the format). It carries what a
// job needs besides its bundled module: the graph, collection data, argv, env, which execute() call it is. The
// server checks its shape before anything uses it.

/** What the client sends; the server adds the artifact URL of the uploaded bundle. */
export type SubmittedJob = Omit<JobInformation, 'artifactUrl'>;

const MAGIC = Buffer.from('WEIR-JOBGRAPH-1\n', 'latin1');
const JOB_ID = /^[0-9a-f]{32}$/;

export function encodeJobGraphFile(job: SubmittedJob): Buffer {
  return Buffer.concat([MAGIC, v8.serialize(job)]);
}

/** Decodes and checks a JobGraph file; throws an Error whose message says what is wrong with it. */
export function decodeJobGraphFile(bytes: Uint8Array): SubmittedJob {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error(
      'it is not a Weir JobGraph file (it must start with "WEIR-JOBGRAPH-1"); submit with `weir run -m host:port ' +
        'job.ts`, which builds it, or upload the bundled module to /jars/upload and run it there',
    );
  }
  let value: unknown;
  try {
    value = v8.deserialize(buf.subarray(MAGIC.length));
  } catch (error) {
    throw new Error(`its payload cannot be decoded (${(error as Error).message})`);
  }
  const problem = shapeProblem(value);
  if (problem !== undefined) throw new Error(problem);
  return value as SubmittedJob;
}

function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'its payload is not an object';
  const job = value as Record<string, unknown>;
  const graph = job.jobGraph as Partial<Record<keyof JobGraph, unknown>> | undefined;
  if (typeof graph !== 'object' || graph === null) return 'it has no jobGraph';
  if (typeof graph.jobId !== 'string' || !JOB_ID.test(graph.jobId)) return 'its jobGraph.jobId is not 32 lowercase hex';
  if (typeof graph.jobName !== 'string') return 'its jobGraph.jobName is not a string';
  if (!Array.isArray(graph.vertices) || graph.vertices.length === 0) return 'its jobGraph has no vertices';
  if (!Array.isArray(graph.edges)) return 'its jobGraph.edges is not an array';
  if (typeof graph.config !== 'object' || graph.config === null) return 'its jobGraph.config is not an object';
  if (typeof graph.fingerprint !== 'string') return 'its jobGraph.fingerprint is not a string';
  if (typeof job.jobFile !== 'string') return 'its jobFile is not a string';
  if (!Array.isArray(job.argv) || !job.argv.every((a) => typeof a === 'string')) return 'its argv is not strings';
  if (typeof job.env !== 'object' || job.env === null) return 'its env is not an object';
  if (!Array.isArray(job.collections)) return 'its collections is not an array';
  if (!Number.isInteger(job.executeIndex)) return 'its executeIndex is not an integer';
  return undefined;
}
