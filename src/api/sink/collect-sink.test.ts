import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CollectSink } from './collect-sink.js';
import type { SinkInitContext } from './sink.js';

const writerContext = { timestamp: () => undefined, currentWatermark: () => Number.NEGATIVE_INFINITY };

function capture(): { context: SinkInitContext; sent: { id: string; values: unknown[]; last: boolean }[] } {
  const sent: { id: string; values: unknown[]; last: boolean }[] = [];
  const context: SinkInitContext = {
    subtaskId: 0,
    numberOfParallelSubtasks: 1,
    attemptNumber: 0,
    checkpointingEnabled: false,
    jobId: 'job',
    sendToClient: (id, values, last) => sent.push({ id, values, last }),
  };
  return { context, sent };
}

describe('CollectSink', () => {
  it('sends buffered values on flush and a last batch at the end of input', () => {
    const { context, sent } = capture();
    const writer = new CollectSink<number>('collect-7').createWriter(context);
    writer.write(1, writerContext);
    writer.write(2, writerContext);
    writer.flush(false);
    writer.flush(false);
    writer.write(3, writerContext);
    writer.flush(true);
    writer.flush(true);
    assert.deepEqual(sent, [
      { id: 'collect-7', values: [1, 2], last: false },
      { id: 'collect-7', values: [3], last: true },
    ]);
  });

  it('sends a full batch without waiting for flush', () => {
    const { context, sent } = capture();
    const writer = new CollectSink<number>('c', 2).createWriter(context);
    for (const v of [1, 2, 3]) writer.write(v, writerContext);
    assert.deepEqual(sent, [{ id: 'c', values: [1, 2], last: false }]);
  });

  it('sends an empty last batch when nothing is left', () => {
    const { context, sent } = capture();
    new CollectSink('c').createWriter(context).flush(true);
    assert.deepEqual(sent, [{ id: 'c', values: [], last: true }]);
  });

  it('sends nothing when closed before the end (failed or cancelled job)', () => {
    const { context, sent } = capture();
    const writer = new CollectSink<number>('c').createWriter(context);
    writer.write(1, writerContext);
    writer.close();
    assert.deepEqual(sent, []);
  });

  it('validates its arguments', () => {
    assert.throws(() => new CollectSink(''), /non-empty collect id/);
    assert.throws(() => new CollectSink('c', 0), /batchSize must be a positive integer/);
  });
});
