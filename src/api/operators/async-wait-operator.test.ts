import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OneInputOperatorTestHarness } from '../../testing/operator-test-harness.js';
import { type AsyncFunction, AsyncRetryStrategies, TimeoutError } from '../functions/async-function.js';
import {
  ASYNC_WAIT_STATE_NAME,
  type AsyncOutputMode,
  AsyncWaitOperator,
  type AsyncWaitOptions,
} from './async-wait-operator.js';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';

/** An AsyncFunction whose calls the test settles by hand. */
function manualAsync<I, O>() {
  const calls: { input: I; resolve: (v: O | O[]) => void; reject: (e: unknown) => void }[] = [];
  const fn = (input: I) =>
    new Promise<O | O[]>((resolve, reject) => {
      calls.push({ input, resolve, reject });
    });
  return { fn, calls };
}

function harness<I, O>(fn: AsyncFunction<I, O>, options: Partial<AsyncWaitOptions> & { outputMode?: AsyncOutputMode }) {
  const op = new AsyncWaitOperator(fn, { timeoutMs: 0, capacity: 10, outputMode: 'ORDERED', ...options });
  return new OneInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
}

describe('AsyncWaitOperator', () => {
  it('ORDERED: emits in input order with input timestamps, through the mailbox', async () => {
    const { fn, calls } = manualAsync<number, string>();
    const h = harness(fn, { outputMode: 'ORDERED' });
    h.processElement(1, 10);
    h.processElement(2, 20);
    h.processElement(3, 30);
    calls[2].resolve('c');
    calls[1].resolve(['b1', 'b2']);
    await h.settle();
    assert.deepEqual(h.values(), []);
    calls[0].resolve('a');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(h.values(), [], 'results wait in the mailbox until the task runs it');
    h.drainMailbox();
    assert.deepEqual(h.output.records(), [
      { value: 'a', timestamp: 10 },
      { value: 'b1', timestamp: 20 },
      { value: 'b2', timestamp: 20 },
      { value: 'c', timestamp: 30 },
    ]);
  });

  it('UNORDERED: emits as results arrive, but never across a watermark', async () => {
    const { fn, calls } = manualAsync<string, string>();
    const h = harness(fn, { outputMode: 'UNORDERED' });
    h.processElement('a', 1);
    h.processElement('b', 2);
    h.processWatermark(5);
    h.processElement('c', 6);
    calls[1].resolve('B');
    calls[2].resolve('C');
    await h.settle();
    assert.deepEqual(h.output.events, [{ kind: 'record', value: 'B', timestamp: 2 }]);
    calls[0].resolve('A');
    await h.settle();
    assert.deepEqual(h.output.events.slice(1), [
      { kind: 'record', value: 'A', timestamp: 1 },
      { kind: 'watermark', watermark: 5 },
      { kind: 'record', value: 'C', timestamp: 6 },
    ]);
  });

  it('ORDERED: holds a watermark behind earlier records and passes it at once when none are in flight', async () => {
    const { fn, calls } = manualAsync<number, number>();
    const h = harness(fn, {});
    h.processWatermark(1);
    h.processElement(7, 2);
    h.processWatermark(3);
    assert.deepEqual(h.output.watermarks(), [1]);
    calls[0].resolve(70);
    await h.settle();
    assert.deepEqual(h.output.events.slice(1), [
      { kind: 'record', value: 70, timestamp: 2 },
      { kind: 'watermark', watermark: 3 },
    ]);
  });

  it('blocks input at capacity until a record leaves', async () => {
    const { fn, calls } = manualAsync<number, number>();
    const h = harness(fn, { capacity: 2, outputMode: 'ORDERED' });
    h.processElement(1);
    assert.equal(h.inputBlocked(), undefined);
    h.processElement(2);
    const blocked = h.inputBlocked();
    assert.ok(blocked instanceof Promise);
    let released = false;
    blocked.then(() => {
      released = true;
    });
    calls[1].resolve(2); // completed but behind record 1: still occupies a slot in ORDERED mode
    await h.settle();
    assert.equal(released, false);
    calls[0].resolve(1);
    await h.settle();
    assert.equal(released, true);
    assert.equal(h.inputBlocked(), undefined);
  });

  it('fails with a TimeoutError naming the input when timeout() is absent', () => {
    const { fn } = manualAsync<{ id: number }, number>();
    const h = harness(fn, { timeoutMs: 50 });
    h.processElement({ id: 42 });
    h.setProcessingTime(49);
    assert.throws(
      () => h.setProcessingTime(50),
      (e: unknown) =>
        e instanceof TimeoutError &&
        e.name === 'TimeoutError' &&
        /timed out after 50 ms for input \{"id":42\}/.test(e.message) &&
        /timeout\(input\)/.test(e.message),
    );
  });

  it('emits timeout(input) results on timeout and ignores the late answer', async () => {
    const { fn: invoke, calls } = manualAsync<string, string>();
    const h = harness({ asyncInvoke: invoke, timeout: (input: string) => `fallback-${input}` }, { timeoutMs: 100 });
    h.processElement('x', 1);
    h.setProcessingTime(100);
    calls[0].resolve('late');
    await h.settle();
    assert.deepEqual(h.output.records(), [{ value: 'fallback-x', timestamp: 1 }]);
  });

  it('retries failed calls per a fixed-delay strategy, on the processing-time clock', async () => {
    let attempts = 0;
    const h = harness(
      async (n: number) => {
        attempts++;
        if (attempts < 3) throw new Error(`flaky ${attempts}`);
        return n * 2;
      },
      { retryStrategy: AsyncRetryStrategies.fixedDelay(2, 100) },
    );
    h.processElement(21, 5);
    await h.settle();
    assert.equal(attempts, 1);
    h.setProcessingTime(100);
    await h.settle();
    assert.equal(attempts, 2);
    h.setProcessingTime(200);
    await h.settle();
    assert.equal(attempts, 3);
    assert.deepEqual(h.output.records(), [{ value: 42, timestamp: 5 }]);
  });

  it('fails the job once retries are used up, naming the input and the cause', async () => {
    const h = harness(
      async (_n: number): Promise<number> => {
        throw new Error('service down');
      },
      { retryStrategy: AsyncRetryStrategies.fixedDelay(1, 10) },
    );
    h.processElement(7);
    await h.settle();
    h.setProcessingTime(10);
    await assert.rejects(h.settle(), /Async function call failed for input 7 after 2 attempt\(s\): service down/);
  });

  it('retries on an unsatisfying result and finally emits the last one', async () => {
    let attempts = 0;
    const strategy = AsyncRetryStrategies.fixedDelay<string>(2, 5, { ifResult: (r) => r.length === 0 });
    const h = harness(
      async () => {
        attempts++;
        return [] as string[];
      },
      { retryStrategy: strategy },
    );
    h.processElement(1);
    for (const t of [5, 10, 15]) {
      await h.settle();
      h.setProcessingTime(t);
    }
    await h.settle();
    assert.equal(attempts, 3);
    assert.deepEqual(h.values(), []);
    assert.equal((h.operator as AsyncWaitOperator<number, string>).numberOfQueuedRecords, 0);
  });

  it('finish() resolves once every request completed; pending retries fire at once', async () => {
    let attempts = 0;
    const h = harness(
      async (n: number) => {
        attempts++;
        if (attempts === 1) throw new Error('first try fails');
        return n;
      },
      { retryStrategy: AsyncRetryStrategies.fixedDelay(3, 1_000_000) },
    );
    h.processElement(1);
    await h.settle(); // the retry is now waiting for its timer
    h.endInput();
    let finished = false;
    const done = Promise.resolve(h.finish()).then(() => {
      finished = true;
    });
    assert.equal(finished, false);
    await h.settle();
    await done;
    assert.equal(finished, true);
    assert.equal(attempts, 2);
    assert.deepEqual(h.values(), [1]);
  });

  it('treats a synchronous throw like a failed call and checks its options', () => {
    const h = harness((): Promise<number> => {
      throw new Error('boom');
    }, {});
    assert.throws(() => h.processElement(1), /Async function call failed for input 1 after 1 attempt\(s\): boom/);
    const fn = async () => 1;
    assert.throws(
      () => new AsyncWaitOperator(fn, { timeoutMs: 0, capacity: 0, outputMode: 'ORDERED' }),
      /capacity must be a positive integer/,
    );
    assert.throws(
      () => new AsyncWaitOperator(fn, { timeoutMs: -1, capacity: 1, outputMode: 'ORDERED' }),
      /timeoutMs must be a non-negative number/,
    );
    assert.throws(
      () => new AsyncWaitOperator(fn, { timeoutMs: 0, capacity: 1, outputMode: 'ordered' as never }),
      /outputMode must be 'ORDERED' or 'UNORDERED'/,
    );
  });

  it('checkpoints requests in flight and re-issues them after a restore; each result is emitted once', async () => {
    const build = (fn: AsyncFunction<number, string>) =>
      new OneInputOperatorTestHarness<number, string>(
        new AsyncWaitOperator(fn, { timeoutMs: 0, capacity: 10, outputMode: 'ORDERED' }),
      );
    const feed = (h: OneInputOperatorTestHarness<number, string>) => {
      h.processElement(1, 10);
      h.processElement(2, 20);
      h.processWatermark(25);
      h.processElement(3, 30);
    };
    const answer = (n: number) => String.fromCharCode(96 + n);
    const reference = build(async (n) => answer(n)).open();
    feed(reference);
    await reference.settle();

    const first = manualAsync<number, string>();
    const failed = build(first.fn).open();
    feed(failed);
    first.calls[0].resolve('a');
    first.calls[2].resolve('c'); // complete, but waits behind 2 (ORDERED): not emitted before the checkpoint
    await failed.settle();
    const snapshot = failed.snapshot(1);
    assert.deepEqual(snapshot.operator?.lists.get(ASYNC_WAIT_STATE_NAME)?.values, [
      { kind: 'record', value: 2, timestamp: 20 },
      { kind: 'watermark', watermark: 25 },
      { kind: 'record', value: 3, timestamp: 30 },
    ]);

    const second = manualAsync<number, string>();
    const restored = build(second.fn).initializeState(snapshot, 1).open();
    assert.deepEqual(
      second.calls.map((c) => c.input),
      [2, 3],
      'requests in flight at the checkpoint are issued again, in order',
    );
    for (const call of second.calls) call.resolve(answer(call.input));
    await restored.settle();
    assert.deepEqual([...failed.getOutput(), ...restored.getOutput()], reference.getOutput());
  });

  it('refuses to snapshot before initializeState, naming the fix', () => {
    const op = new AsyncWaitOperator(async (x: number) => x, { timeoutMs: 0, capacity: 1, outputMode: 'ORDERED' });
    assert.throws(
      () => op.snapshotState({ getCheckpointId: () => 1, getCheckpointTimestamp: () => 0 }),
      /before initializeState/,
    );
  });
});
