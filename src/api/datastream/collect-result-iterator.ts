import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { type JobClient, TERMINAL_JOB_STATUSES } from '../execution/job-client.js';
import { CollectSink } from '../sink/collect-sink.js';
import type { SinkTransformation, Transformation } from '../transformations.js';
import { commonSettings } from './transformation-settings.js';

/**
 * What executeAndCollect() returns (Flink's CloseableIterator): an async iterator over the job's results that must
 * be closed when left early. `for await` closes it on break/return/throw (it calls return()); close() cancels the
 * job if it is still running. Exhausting the iterator awaits the job's end, so a failed job throws here.
 */
export interface CloseableIterator<T> extends AsyncIterableIterator<T> {
  close(): Promise<void>;
}

/**
 * Pulls the batches a job's collect sink sends (JobClient.collect) and hands them out one value at a time.
 * Contract: runs on the client; the job was submitted when this was created (`client` settles once it is).
 */
export class CollectResultIterator<T> implements CloseableIterator<T> {
  private batch: readonly unknown[] = [];
  private position = 0;
  private batches: AsyncIterator<unknown[]> | undefined;
  private finished = false;
  private closed = false;

  constructor(
    private readonly client: Promise<JobClient>,
    private readonly collectId: string,
  ) {
    // A job that fails to submit while nobody iterates must not crash the process as an unhandled rejection;
    // the error still surfaces from next().
    client.catch(() => {});
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (this.position < this.batch.length) return { value: this.batch[this.position++] as T, done: false };
      if (this.finished || this.closed) return { value: undefined, done: true };
      if (this.batches === undefined) {
        const client = await this.client;
        this.batches = client.collect(this.collectId)[Symbol.asyncIterator]();
      }
      const result = await this.batches.next();
      if (this.closed) return { value: undefined, done: true };
      if (result.done === true) {
        this.finished = true;
        // The sink said it was the last batch; the job's result tells whether it ended well.
        await (await this.client).getJobExecutionResult();
        return { value: undefined, done: true };
      }
      this.batch = result.value;
      this.position = 0;
    }
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    await this.close();
    return { value: undefined, done: true };
  }

  /** Stops reading; cancels the job unless all its results were read (or it already ended). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batch = [];
    let client: JobClient;
    try {
      client = await this.client;
    } catch {
      return; // never submitted: nothing to cancel
    }
    // Not awaited: an async generator's return() waits behind a pending next(), which may never settle.
    this.batches?.return?.()?.catch(() => {});
    if (this.finished) return;
    if (!TERMINAL_JOB_STATUSES.has(await client.getJobStatus())) await client.cancel();
  }
}

/** Reads at most `limit` values, then closes the iterator (cancelling the job if it is still producing). */
export async function collectLimit<T>(iterator: CloseableIterator<T>, limit: number): Promise<T[]> {
  const values: T[] = [];
  try {
    while (values.length < limit) {
      const next = await iterator.next();
      if (next.done === true) break;
      values.push(next.value);
    }
  } finally {
    await iterator.close();
  }
  return values;
}

/**
 * DataStream.executeAndCollect: adds a collect sink after `input`, submits the job at once (so the execute index is
 * fixed at the call) and returns the iterator over its results, or, with a limit, the first `limit` results.
 */
export function executeAndCollect<T>(
  environment: StreamExecutionEnvironment,
  input: Transformation,
  jobName: string | undefined,
  limit: number | undefined,
): CloseableIterator<T> | Promise<T[]> {
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
    throw new RangeError(`executeAndCollect: Limit must be greater than 0 (a positive integer), got ${limit}`);
  }
  // One subtask, so the client reads one ordered stream of batches; the collect id comes from the (deterministic)
  // transformation id, so the sink re-created in a worker sends under the id the client listens to.
  const sink = environment.addTransformation(
    (id): SinkTransformation => ({
      ...commonSettings(id, 'Data stream collect sink', 1, undefined),
      kind: 'sink',
      input,
      sink: new CollectSink<unknown>(`collect-${id}`),
    }),
  );
  const collectId = (sink.sink as CollectSink<unknown>).collectId;
  const iterator = new CollectResultIterator<T>(environment.executeAsync(jobName), collectId);
  return limit === undefined ? iterator : collectLimit(iterator, limit);
}
