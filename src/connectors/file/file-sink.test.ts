import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Output } from '../../api/operators/output.js';
import type { StreamOperatorParameters } from '../../api/operators/stream-operator.js';
import type { Sink, SinkInitContext } from '../../api/sink/sink.js';
import { ByteReader, ByteWriter } from '../../core/types/bytes.js';
import { GenericCodec } from '../../core/types/generic-codec.js';
import type { OperatorListStateSnapshot, OperatorStateSnapshot } from '../../runtime/checkpoint/subtask-state.js';
import { OperatorStateBackend } from '../../runtime/state/operator-state-backend.js';
import { SinkWriterOperator } from '../../runtime/taskmanager/task/sink-writer-operator.js';
import { BasePathBucketAssigner } from './bucket-assigner.js';
import { DateTimeBucketAssigner } from './date-time-bucket-assigner.js';
import { SimpleStringEncoder } from './encoder.js';
import { FileSink } from './file-sink.js';
import { DefaultRollingPolicy } from './rolling-policy.js';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weir-file-sink-'));
  roots.push(dir);
  return dir;
}

function context(checkpointingEnabled: boolean, attemptNumber = 0): SinkInitContext {
  const sendToClient = () => {};
  return { subtaskId: 0, numberOfParallelSubtasks: 1, attemptNumber, jobId: 'job', checkpointingEnabled, sendToClient };
}

const output = { emitWatermark: () => {}, emitWatermarkStatus: () => {} } as unknown as Output<unknown>;

/** Drives one attempt of the sink's subtask through the operator hooks, as the task would. */
function attempt(sink: FileSink<string>, restoreFrom?: OperatorStateSnapshot, attemptNumber = 0) {
  const backend = new OperatorStateBackend();
  if (restoreFrom !== undefined) backend.restore(throughCodec(restoreFrom));
  const op = new SinkWriterOperator(sink as Sink<unknown, unknown, unknown>, context(true, attemptNumber));
  op.setup({ output } as unknown as StreamOperatorParameters<unknown>);
  op.initializeState({
    isRestored: () => backend.isRestored,
    getRestoredCheckpointId: () => undefined,
    getOperatorStateStore: () => backend,
    getKeyedStateStore: () => undefined,
  });
  op.open();
  return {
    op,
    write(from: number, to: number): void {
      for (let i = from; i < to; i++) op.processElement(record(i), i);
    },
    async checkpoint(id: number): Promise<OperatorStateSnapshot> {
      await op.prepareSnapshotPreBarrier(id);
      op.snapshotState({ getCheckpointId: () => id, getCheckpointTimestamp: () => 0 });
      return throughCodec(backend.snapshot());
    },
  };
}

/** The checkpoint's way to disk and back: every state value through the general codec, nothing shared. */
function throughCodec(snapshot: OperatorStateSnapshot): OperatorStateSnapshot {
  const codec = new GenericCodec();
  const lists = new Map<string, OperatorListStateSnapshot>();
  for (const [name, list] of snapshot.lists) {
    const values = list.values.map((value) => {
      const out = new ByteWriter();
      codec.encode(value, out);
      return codec.decode(new ByteReader(out.toUint8Array()));
    });
    lists.set(name, { mode: list.mode, values });
  }
  return { lists, broadcast: new Map() };
}

function record(i: number): string {
  return `r${String(i).padStart(3, '0')}`;
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, k) => record(from + k));
}

/** Every file under dir, relative, split into visible (finished) and hidden (in-progress or pending) names. */
function files(dir: string): { visible: string[]; hidden: string[] } {
  const all = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const rel = all.map((e) => relative(dir, join(e.parentPath, e.name)));
  return {
    visible: rel.filter((p) => !p.split('/').at(-1)?.startsWith('.')).sort(),
    hidden: rel.filter((p) => p.split('/').at(-1)?.startsWith('.')).sort(),
  };
}

/** All lines of all finished files, sorted. */
function finishedRecords(dir: string): string[] {
  const lines: string[] = [];
  for (const name of files(dir).visible) {
    const text = readFileSync(join(dir, name), 'utf8');
    assert.ok(text.endsWith('\n'), `${name} ends with a whole record`);
    lines.push(...text.slice(0, -1).split('\n'));
  }
  return lines.sort();
}

/** Rolls every 6 records ('rNNN\n' is 5 bytes; a part rolls once it holds more than 25). */
function smallPartSink(dir: string): FileSink<string> {
  return FileSink.forRowFormat(dir, new SimpleStringEncoder<string>())
    .withBucketAssigner(new BasePathBucketAssigner())
    .withRollingPolicy(DefaultRollingPolicy.builder().withMaxPartSize(25).build())
    .withOutputFileConfig({ partPrefix: 'out', partSuffix: '.txt' })
    .build();
}

const VISIBLE_NAME = /^out-[0-9a-f-]{36}-0-\d+\.txt$/;

describe('FileSink exactly once across a failure', () => {
  for (const restoreFrom of [1, 2] as const) {
    it(`restoring from checkpoint ${restoreFrom} writes every record once`, async () => {
      const dir = tempDir();
      const sink = smallPartSink(dir);
      const first = attempt(sink);
      first.write(0, 10);
      const s1 = await first.checkpoint(1);
      assert.deepEqual(files(dir).visible, [], 'nothing is visible before the checkpoint completes');
      await first.op.notifyCheckpointComplete(1);
      assert.deepEqual(finishedRecords(dir), range(0, 6), 'the part rolled at 6 records is committed');
      first.write(10, 20);
      const s2 = await first.checkpoint(2);
      if (restoreFrom === 2) await first.op.notifyCheckpointComplete(2);
      first.write(20, 27);
      await first.op.flushPeriodically(); // the failed attempt's tail reaches the disk
      await first.op.close(); // "fail": the runtime closes the operator, the objects are dropped

      const resumeAt = restoreFrom === 1 ? 10 : 20;
      const second = attempt(sink, restoreFrom === 1 ? s1 : s2, 1);
      second.write(resumeAt, 27); // the source replays from the restored checkpoint
      second.write(27, 40);
      await second.checkpoint(3);
      await second.op.notifyCheckpointComplete(3);
      second.write(40, 45);
      await second.op.finish();
      await second.op.close();

      assert.deepEqual(finishedRecords(dir), range(0, 45));
      const { visible } = files(dir);
      for (const name of visible) assert.match(name, VISIBLE_NAME);
    });
  }

  it('a part of the failed attempt that was never checkpointed stays hidden', async () => {
    const dir = tempDir();
    const sink = smallPartSink(dir);
    const first = attempt(sink);
    first.write(0, 3);
    const s1 = await first.checkpoint(1);
    await first.op.notifyCheckpointComplete(1);
    first.write(3, 30); // rolls several parts that no checkpoint covers
    await first.op.flushPeriodically();
    await first.op.close();
    assert.deepEqual(files(dir).visible, []);
    assert.ok(files(dir).hidden.length >= 4, 'the failed attempt left hidden parts');

    const second = attempt(sink, s1, 1);
    second.write(3, 8);
    await second.op.finish();
    await second.op.close();
    assert.deepEqual(finishedRecords(dir), range(0, 8));
  });

  it('committing twice is harmless (restore after the commit already happened)', async () => {
    const dir = tempDir();
    const sink = smallPartSink(dir);
    const first = attempt(sink);
    first.write(0, 8);
    const s1 = await first.checkpoint(1);
    await first.op.notifyCheckpointComplete(1);
    await first.op.close();
    const second = attempt(sink, s1, 1); // commits s1's committables again in open()
    await second.op.inputBlocked();
    second.write(8, 10);
    await second.op.finish();
    await second.op.close();
    assert.deepEqual(finishedRecords(dir), range(0, 10));
  });
});

describe('FileSink buckets and rolling', () => {
  it('without checkpointing, parts become visible at the end of input only', async () => {
    const dir = tempDir();
    const op = new SinkWriterOperator(smallPartSink(dir) as Sink<unknown, unknown, unknown>, context(false));
    op.setup({ output } as unknown as StreamOperatorParameters<unknown>);
    op.open();
    for (let i = 0; i < 20; i++) op.processElement(record(i), 0);
    await op.flushPeriodically();
    assert.deepEqual(files(dir).visible, []);
    await op.finish();
    await op.close();
    assert.deepEqual(finishedRecords(dir), range(0, 20));
    assert.deepEqual(files(dir).hidden, []);
  });

  it('puts records in hourly buckets and rolls inactive parts at flushes', async () => {
    const dir = tempDir();
    let now = Date.UTC(2026, 10, 25, 13, 59, 58);
    const sink = FileSink.forRowFormat(dir, new SimpleStringEncoder<string>())
      .withBucketAssigner(new DateTimeBucketAssigner<string>('yyyy-MM-dd--HH', 'UTC'))
      .withRollingPolicy(
        DefaultRollingPolicy.builder().withRolloverInterval(600_000).withInactivityInterval(30_000).build(),
      )
      .withBucketCheckInterval(1000)
      .withClock(() => now)
      .build();
    const run = attempt(sink);
    run.write(0, 3);
    now += 5_000; // next hour
    run.write(3, 5);
    await run.checkpoint(1);
    await run.op.notifyCheckpointComplete(1);
    assert.deepEqual(files(dir).visible, [], 'parts below every limit do not roll at a checkpoint');
    now += 31_000; // both parts inactive
    await run.op.flushPeriodically();
    await run.checkpoint(2);
    await run.op.notifyCheckpointComplete(2);
    const { visible } = files(dir);
    assert.equal(visible.length, 2);
    assert.match(visible[0] as string, /^2026-11-25--13\/part-[0-9a-f-]{36}-0-0$/);
    assert.match(visible[1] as string, /^2026-11-25--14\/part-[0-9a-f-]{36}-0-0$/);
    assert.deepEqual(finishedRecords(dir), range(0, 5));
    await run.op.close();
  });
});

describe('FileSink writer', () => {
  const ctx = { timestamp: () => undefined, currentWatermark: () => 0 };

  it('writes Uint8Array and string encodings alike', async () => {
    const dir = tempDir();
    const sink = FileSink.forRowFormat<string>(dir, {
      encode: (s) => (s.startsWith('b') ? new TextEncoder().encode(`${s}\n`) : `${s}\n`),
    })
      .withBucketAssigner(new BasePathBucketAssigner())
      .build();
    const writer = sink.createWriter(context(false));
    for (const s of ['a1', 'b2', 'ä3', 'b4']) writer.write(s, ctx);
    await writer.flush(true);
    await sink.createCommitter(context(false)).commit(await writer.prepareCommit());
    await writer.close();
    assert.deepEqual(finishedRecords(dir), ['a1', 'b2', 'b4', 'ä3']);
  });

  it('asks the task to wait when too much is buffered, and a flush frees it', async () => {
    const dir = tempDir();
    const writer = smallPartSink(dir).createWriter(context(false));
    const big = `${'x'.repeat(1 << 20)}`;
    for (let i = 0; i < 16; i++) writer.write(big, ctx);
    assert.equal(writer.isAvailable(), false);
    await writer.whenAvailable();
    assert.equal(writer.isAvailable(), true);
    await writer.close();
  });

  it('names an encoder that returns neither string nor bytes', () => {
    const dir = tempDir();
    const sink = FileSink.forRowFormat<number>(dir, { encode: (n) => n as unknown as string }).build();
    const writer = sink.createWriter(context(false));
    assert.throws(() => writer.write(7, ctx), /encoder returned number 7.*must return a string or a Uint8Array/);
  });
});

describe('FileSink bad input', () => {
  it('refuses a base path it cannot write, naming it', () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const sink = FileSink.forRowFormat(join(file, 'out'), new SimpleStringEncoder()).build();
    assert.throws(() => sink.createWriter(context(true)), /FileSink cannot write to its base path '.*a-file\/out'/);
    const onFile = FileSink.forRowFormat(file, new SimpleStringEncoder()).build();
    assert.throws(() => onFile.createWriter(context(true)), /not a directory/);
  });

  it('refuses bad builder arguments with the call to fix', () => {
    assert.throws(() => FileSink.forRowFormat('', new SimpleStringEncoder()), /basePath must be a non-empty/);
    assert.throws(() => FileSink.forRowFormat('/tmp/x', {} as never), /encode\(element\)/);
    const builder = FileSink.forRowFormat('/tmp/x', new SimpleStringEncoder());
    assert.throws(() => builder.withRollingPolicy({} as never), /expects a RollingPolicy/);
    assert.throws(() => builder.withBucketAssigner(null as never), /expects a BucketAssigner/);
    assert.throws(() => builder.withBucketCheckInterval(0), /positive number of ms/);
    assert.throws(() => builder.withOutputFileConfig({ partSuffix: 'a/b' }), /partSuffix/);
  });

  it('refuses a bucket id that leaves the base path', () => {
    const dir = tempDir();
    const sink = FileSink.forRowFormat(dir, new SimpleStringEncoder<string>())
      .withBucketAssigner({ getBucketId: () => '../escape' })
      .build();
    const writer = sink.createWriter(context(true));
    const ctx = { timestamp: () => undefined, currentWatermark: () => 0 };
    assert.throws(() => writer.write('x', ctx), /bucket id must be a relative path inside the base path/);
  });

  it('restoring a part whose file is gone names the file and the cause', async () => {
    const dir = tempDir();
    const sink = smallPartSink(dir);
    const run = attempt(sink);
    run.write(0, 2);
    const s1 = await run.checkpoint(1);
    await run.op.close();
    rmSync(dir, { recursive: true, force: true });
    assert.throws(() => attempt(sink, s1, 1), /cannot resume in-progress part '.*\.inprogress\..*' of bucket ''/);
  });
});
