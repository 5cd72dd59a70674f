import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Output } from '../../../api/operators/output.js';
import type { StreamOperatorParameters } from '../../../api/operators/stream-operator.js';
import type { Committer, Sink, SinkInitContext, SinkWriter } from '../../../api/sink/sink.js';
import type { OperatorStateSnapshot } from '../../checkpoint/subtask-state.js';
import { OperatorStateBackend } from '../../state/operator-state-backend.js';
import { COMMITTABLES_STATE_NAME, SinkWriterOperator, WRITER_STATE_NAME } from './sink-writer-operator.js';

const initContext: SinkInitContext = {
  subtaskId: 0,
  numberOfParallelSubtasks: 1,
  attemptNumber: 0,
  jobId: 'job',
  checkpointingEnabled: true,
  sendToClient: () => {},
};

/** A two-phase-commit sink that logs every call: committables are 'batch<k>:<records>' strings. */
class RecordingSink implements Sink<string, string, string> {
  readonly log: string[] = [];
  readonly committed: string[] = [];
  restoredWith: string[] | undefined;
  failCommit = false;
  constructor(private readonly options: { committer?: boolean; restore?: boolean; twoPhase?: boolean } = {}) {}

  createWriter(): SinkWriter<string, string, string> {
    return this.writer([]);
  }
  get restoreWriter(): Sink<string, string, string>['restoreWriter'] {
    if (this.options.restore === false) return undefined;
    return (_context, states) => {
      this.restoredWith = states;
      return this.writer(states);
    };
  }
  get createCommitter(): Sink<string, string, string>['createCommitter'] {
    if (this.options.committer === false) return undefined;
    return (): Committer<string> => ({
      commit: async (committables) => {
        await Promise.resolve();
        if (this.failCommit) throw new Error('disk full');
        this.log.push(`commit ${committables.join(',')}`);
        this.committed.push(...committables);
      },
      close: () => {},
    });
  }

  private writer(restored: string[]): SinkWriter<string, string, string> {
    const log = this.log;
    let buffered: string[] = [...restored];
    let batch = 0;
    const writer: SinkWriter<string, string, string> = {
      write: (element) => {
        buffered.push(element);
      },
      flush: async (end) => {
        await Promise.resolve();
        log.push(`flush ${end}`);
      },
      snapshotState: () => buffered.slice(),
      close: () => {
        log.push('close');
      },
    };
    if (this.options.twoPhase !== false) {
      writer.prepareCommit = async () => {
        const out = buffered.length === 0 ? [] : [`batch${batch++}:${buffered.join('')}`];
        buffered = [];
        log.push(`prepare ${out.join(',')}`);
        return out;
      };
    }
    return writer;
  }
}

const output = { emitWatermark: () => {}, emitWatermarkStatus: () => {} } as unknown as Output<unknown>;

function start(sink: Sink<string, string, string>, restoreFrom?: OperatorStateSnapshot) {
  const backend = new OperatorStateBackend();
  if (restoreFrom !== undefined) backend.restore(structuredClone(restoreFrom));
  const op = new SinkWriterOperator(sink as Sink<unknown, unknown, unknown>, initContext);
  op.setup({ output } as unknown as StreamOperatorParameters<unknown>);
  op.initializeState({
    isRestored: () => backend.isRestored,
    getRestoredCheckpointId: () => undefined,
    getOperatorStateStore: () => backend,
    getKeyedStateStore: () => undefined,
  });
  op.open();
  const write = (...values: string[]) => {
    for (const v of values) op.processElement(v, 0);
  };
  const checkpoint = async (id: number): Promise<OperatorStateSnapshot> => {
    await op.prepareSnapshotPreBarrier(id);
    op.snapshotState({ getCheckpointId: () => id, getCheckpointTimestamp: () => 0 });
    return structuredClone(backend.snapshot());
  };
  return { op, write, checkpoint };
}

function list(snapshot: OperatorStateSnapshot, name: string): readonly unknown[] {
  return snapshot.lists.get(name)?.values ?? [];
}

describe('SinkWriterOperator two-phase commit', () => {
  it('prepares at the barrier and commits only when that checkpoint completes', async () => {
    const sink = new RecordingSink();
    const { op, write, checkpoint } = start(sink);
    write('a', 'b');
    const s1 = await checkpoint(1);
    assert.deepEqual(sink.committed, []);
    assert.deepEqual(list(s1, COMMITTABLES_STATE_NAME), [{ checkpointId: 1, committable: 'batch0:ab' }]);
    write('c');
    const s2 = await checkpoint(2);
    assert.deepEqual(list(s2, COMMITTABLES_STATE_NAME), [
      { checkpointId: 1, committable: 'batch0:ab' },
      { checkpointId: 2, committable: 'batch1:c' },
    ]);
    await op.notifyCheckpointComplete(1);
    assert.deepEqual(sink.committed, ['batch0:ab']);
    write('d');
    const s3 = await checkpoint(3);
    assert.deepEqual(list(s3, COMMITTABLES_STATE_NAME), [
      { checkpointId: 2, committable: 'batch1:c' },
      { checkpointId: 3, committable: 'batch2:d' },
    ]);
    await op.notifyCheckpointComplete(3);
    assert.deepEqual(sink.committed, ['batch0:ab', 'batch1:c', 'batch2:d']);
    assert.deepEqual(sink.log.slice(0, 2), ['flush false', 'prepare batch0:ab']);
  });

  it('keeps the committables of an aborted checkpoint for the next completed one', async () => {
    const sink = new RecordingSink();
    const { op, write, checkpoint } = start(sink);
    write('a');
    await checkpoint(1);
    op.notifyCheckpointAborted(1);
    write('b');
    await checkpoint(2);
    await op.notifyCheckpointComplete(2);
    assert.deepEqual(
      sink.log.filter((l) => l.startsWith('commit')),
      ['commit batch0:a', 'commit batch1:b'],
    );
  });

  it("stores the writer's state under 'writer-state' and restores the writer from it", async () => {
    const first = new RecordingSink({ twoPhase: false });
    const a = start(first);
    a.write('x', 'y');
    const snapshot = await a.checkpoint(1);
    assert.deepEqual(list(snapshot, WRITER_STATE_NAME), ['x', 'y']);
    const second = new RecordingSink({ twoPhase: false });
    start(second, snapshot);
    assert.deepEqual(second.restoredWith, ['x', 'y']);
  });

  it('commits restored committables before taking records, in checkpoint order', async () => {
    const sink = new RecordingSink();
    const { write, checkpoint } = start(sink);
    write('a');
    await checkpoint(1);
    write('b');
    const snapshot = await checkpoint(2);
    // Entries out of order, as a rescale could deliver them.
    const values = [...list(snapshot, COMMITTABLES_STATE_NAME)].reverse();
    const lists = new Map(snapshot.lists);
    lists.set(COMMITTABLES_STATE_NAME, { mode: 'split', values });
    const restoredSink = new RecordingSink();
    const restored = start(restoredSink, { lists, broadcast: snapshot.broadcast });
    const blocked = restored.op.inputBlocked();
    assert.ok(blocked !== undefined, 'input waits for the restored commit');
    await blocked;
    assert.deepEqual(restoredSink.committed, ['batch0:a', 'batch1:b']);
    assert.equal(restored.op.inputBlocked(), undefined);
    const after = await restored.checkpoint(3);
    assert.deepEqual(list(after, COMMITTABLES_STATE_NAME), []);
  });

  it('a failed restored commit fails the next hook instead of vanishing', async () => {
    const sink = new RecordingSink();
    const { write, checkpoint } = start(sink);
    write('a');
    const snapshot = await checkpoint(1);
    const failing = new RecordingSink();
    failing.failCommit = true;
    const restored = start(failing, snapshot);
    await assert.rejects(async () => restored.op.inputBlocked(), /disk full/);
    await assert.rejects(restored.op.finish(), /disk full/);
  });

  it('finish flushes, prepares and commits at once, including what earlier checkpoints prepared', async () => {
    const sink = new RecordingSink();
    const { op, write, checkpoint } = start(sink);
    write('a');
    await checkpoint(1);
    write('b');
    await op.finish();
    assert.deepEqual(sink.log.slice(-4), ['flush true', 'prepare batch1:b', 'commit batch0:a', 'commit batch1:b']);
    await op.close();
    assert.equal(sink.log.at(-1), 'close');
  });

  it('waits for a periodic flush in flight before the checkpoint flush', async () => {
    const sink = new RecordingSink();
    const { op, write, checkpoint } = start(sink);
    write('a');
    const periodic = op.flushPeriodically();
    assert.ok(periodic !== undefined);
    await checkpoint(1);
    assert.deepEqual(sink.log, ['flush false', 'flush false', 'prepare batch0:a']);
  });

  it('works without initializeState when checkpointing is off, but refuses snapshots then', async () => {
    const sink = new RecordingSink();
    const op = new SinkWriterOperator(sink as Sink<unknown, unknown, unknown>, {
      ...initContext,
      checkpointingEnabled: false,
    });
    op.setup({ output } as unknown as StreamOperatorParameters<unknown>);
    op.open();
    op.processElement('a', 0);
    assert.throws(
      () => op.snapshotState({ getCheckpointId: () => 1, getCheckpointTimestamp: () => 0 }),
      /before initializeState/,
    );
    await op.finish();
    assert.deepEqual(sink.committed, ['batch0:a']);
  });
});

describe('SinkWriterOperator refuses inconsistent sinks', () => {
  it('prepareCommit without createCommitter is refused at open', () => {
    assert.throws(
      () => start(new RecordingSink({ committer: false })),
      /prepareCommit \(two-phase commit\) but the sink has no createCommitter/,
    );
  });

  it('restored writer state without restoreWriter is refused at open', async () => {
    const first = start(new RecordingSink({ twoPhase: false }));
    first.write('q');
    const snapshot = await first.checkpoint(1);
    assert.throws(() => start(new RecordingSink({ restore: false }), snapshot), /no restoreWriter/);
  });
});
