import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CapturingPipelineExecutor } from '../environment/capturing-pipeline-executor.js';
import { resetExecuteCount, StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { setContextConfiguration, setPipelineExecutor } from '../execution/pipeline-executor.js';
import { CollectSink } from '../sink/collect-sink.js';
import type { SinkTransformation } from '../transformations.js';

const env = () => StreamExecutionEnvironment.createLocalEnvironment(2);

function install(script: ConstructorParameters<typeof CapturingPipelineExecutor>[0]): CapturingPipelineExecutor {
  const executor = new CapturingPipelineExecutor(script);
  setPipelineExecutor(executor);
  return executor;
}

function resetContext(): void {
  setContextConfiguration({});
  resetExecuteCount();
}

describe('DataStream.executeAndCollect', () => {
  beforeEach(() => resetContext());
  afterEach(() => setPipelineExecutor(undefined));

  it('adds a one-subtask collect sink and submits the job at the call', async () => {
    const executor = install({ batches: [[1]] });
    const e = env();
    const iterator = e
      .fromData(1, 2)
      .map((x) => x)
      .executeAndCollect('collect job');
    await Promise.resolve();
    const p = executor.last;
    assert.equal(p.jobName, 'collect job');
    const sink = p.transformations.at(-1) as SinkTransformation;
    assert.equal(sink.kind, 'sink');
    assert.equal(sink.name, 'Data stream collect sink');
    assert.equal(sink.parallelism, 1);
    assert.ok(sink.sink instanceof CollectSink);
    assert.equal((sink.sink as CollectSink<unknown>).collectId, `collect-${sink.id}`);
    await iterator.close();
  });

  it('yields the values of every batch, then ends', async () => {
    const executor = install({ batches: [[1, 2], [], [3]] });
    const values: number[] = [];
    for await (const v of env().fromData(1, 2, 3).executeAndCollect()) values.push(v);
    assert.deepEqual(values, [1, 2, 3]);
    const client = executor.clients[0];
    assert.deepEqual(client.collectIds, ['collect-2']);
    assert.equal(client.cancelCalls, 0, 'a job that ran to its end is not cancelled');
  });

  it('cancels the job when the loop is left early', async () => {
    const executor = install({ batches: [[1, 2], [3, 4], [5]] });
    const values: number[] = [];
    for await (const v of env().fromData(1).executeAndCollect()) {
      values.push(v);
      if (v === 3) break;
    }
    assert.deepEqual(values, [1, 2, 3]);
    assert.equal(executor.clients[0].cancelCalls, 1);
  });

  it('with a limit: at most that many values, then cancels', async () => {
    const executor = install({
      batches: [
        [1, 2],
        [3, 4],
      ],
    });
    assert.deepEqual(await env().fromData(1).executeAndCollect(3), [1, 2, 3]);
    assert.equal(executor.clients[0].cancelCalls, 1);
    assert.equal(executor.clients[0].batchesServed, 2);
  });

  it('with a limit above the result count: everything, no cancel', async () => {
    const executor = install({ batches: [[1], [2]] });
    assert.deepEqual(await env().fromData(1).executeAndCollect('named', 10), [1, 2]);
    assert.equal(executor.last.jobName, 'named');
    assert.equal(executor.clients[0].cancelCalls, 0);
  });

  it('throws the job failure from the iteration', async () => {
    install({ batches: [[1]], failure: new Error('Map (1/2) failed: boom') });
    const iterator = env().fromData(1).executeAndCollect();
    assert.deepEqual(await iterator.next(), { value: 1, done: false });
    await assert.rejects(iterator.next(), /boom/);
  });

  it('surfaces a failed submission from next(), and close() still works', async () => {
    setPipelineExecutor({ execute: async () => Promise.reject(new Error('cluster unreachable')) });
    const iterator = env().fromData(1).executeAndCollect();
    await assert.rejects(iterator.next(), /cluster unreachable/);
    await iterator.close();
    assert.deepEqual(await iterator.next(), { value: undefined, done: true });
  });

  it('rejects a limit that is not a positive integer', () => {
    install({});
    assert.throws(() => env().fromData(1).executeAndCollect(0), /Limit must be greater than 0/);
    assert.throws(() => env().fromData(1).executeAndCollect('x', 1.5), /Limit must be greater than 0/);
  });

  it('fails without an executor with a message that says what to do', async () => {
    setPipelineExecutor(undefined);
    const iterator = env().fromData(1).executeAndCollect();
    await assert.rejects(iterator.next(), /No executor is set up|weir run/);
  });
});
