import type { Sink, SinkInitContext, SinkWriter } from './sink.js';

/** Values per message to the client when the buffer fills between flushes. */
export const COLLECT_BATCH_SIZE = 1024;

/**
 * The sink behind DataStream.executeAndCollect(): buffers values and sends them to the client in batches through
 * `context.sendToClient(collectId, values, last)`: when the buffer holds `batchSize` values, on every flush, and
 * once with `last = true` at the end of input. The client's JobClient.collect(collectId) yields those batches.
 * The collect id must be the same in the client and in the workers that re-run the job module, so it is derived
 * from the sink's transformation id, never random. Delivery is at-least-once: after a failover the restarted job
 * sends its records again.
 */
export class CollectSink<T> implements Sink<T> {
  constructor(
    readonly collectId: string,
    readonly batchSize = COLLECT_BATCH_SIZE,
  ) {
    if (typeof collectId !== 'string' || collectId.length === 0) {
      throw new TypeError('CollectSink needs a non-empty collect id');
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`CollectSink: batchSize must be a positive integer, got ${batchSize}`);
    }
  }

  createWriter(context: SinkInitContext): SinkWriter<T> {
    return new CollectSinkWriter<T>(context, this.collectId, this.batchSize);
  }
}

/** Contract: called on the sink task's thread; sendToClient copies or transfers the array it is given. */
class CollectSinkWriter<T> implements SinkWriter<T> {
  private buffer: T[] = [];
  private ended = false;

  constructor(
    private readonly context: SinkInitContext,
    private readonly collectId: string,
    private readonly batchSize: number,
  ) {}

  write(element: T): void {
    this.buffer.push(element);
    if (this.buffer.length >= this.batchSize) this.send(false);
  }

  flush(endOfInput: boolean): void {
    if (this.ended) return;
    if (this.buffer.length > 0 || endOfInput) this.send(endOfInput);
  }

  /** Sends nothing: a sink closed before the end of input belongs to a failed or cancelled job. */
  close(): void {
    this.buffer = [];
  }

  private send(last: boolean): void {
    const values = this.buffer;
    this.buffer = [];
    if (last) this.ended = true;
    this.context.sendToClient(this.collectId, values, last);
  }
}
