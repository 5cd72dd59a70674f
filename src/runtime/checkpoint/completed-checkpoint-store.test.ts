import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import type { CheckpointMetadata } from './checkpoint-metadata.js';
import type { ExternalizedCheckpointRetention } from './checkpoint-storage-options.js';
import type { TerminalJobStatus } from './completed-checkpoint-store.js';
import { CompletedCheckpointStore, discardsOnShutdown, subsume } from './completed-checkpoint-store.js';
import { FileSystemCheckpointStorage } from './file-system-checkpoint-storage.js';

const JOB = 'job0123456789';
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function newStorage(): Promise<FileSystemCheckpointStorage> {
  const d = await mkdtemp(join(tmpdir(), 'weir-store-'));
  dirs.push(d);
  const storage = new FileSystemCheckpointStorage({ checkpointDirectory: d, jobId: JOB });
  await storage.initializeBaseLocations();
  return storage;
}

function metadata(checkpointId: number): CheckpointMetadata {
  return { kind: 'checkpoint', jobId: JOB, checkpointId, timestamp: checkpointId, operators: [] };
}

/** Writes and completes checkpoint `id`, then adds it to `store`. */
async function complete(storage: FileSystemCheckpointStorage, store: CompletedCheckpointStore, id: number) {
  const location = await storage.initializeLocation(id);
  await storage.finalizeCheckpoint(location, metadata(id));
  return store.addCheckpoint({ checkpointId: id, pointer: location.pointer, metadata: metadata(id) });
}

describe('subsume', () => {
  it('keeps the newest numRetained, in order', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.integer({ min: 1, max: 25 }), (n, keep) => {
        const ids = Array.from({ length: n }, (_, i) => ({ checkpointId: i + 1 }));
        const { retained, subsumed } = subsume(ids, keep);
        assert.equal(retained.length, Math.min(n, keep));
        assert.deepEqual([...subsumed, ...retained], ids);
      }),
    );
  });
});

describe('discardsOnShutdown (Flink CheckpointProperties)', () => {
  const table: [ExternalizedCheckpointRetention, TerminalJobStatus, boolean][] = [
    ['NO_EXTERNALIZED_CHECKPOINTS', 'FINISHED', true],
    ['NO_EXTERNALIZED_CHECKPOINTS', 'CANCELED', true],
    ['NO_EXTERNALIZED_CHECKPOINTS', 'FAILED', true],
    ['NO_EXTERNALIZED_CHECKPOINTS', 'SUSPENDED', true],
    ['DELETE_ON_CANCELLATION', 'FINISHED', true],
    ['DELETE_ON_CANCELLATION', 'CANCELED', true],
    ['DELETE_ON_CANCELLATION', 'FAILED', false],
    ['DELETE_ON_CANCELLATION', 'SUSPENDED', false],
    ['RETAIN_ON_CANCELLATION', 'FINISHED', true],
    ['RETAIN_ON_CANCELLATION', 'CANCELED', false],
    ['RETAIN_ON_CANCELLATION', 'FAILED', false],
    ['RETAIN_ON_CANCELLATION', 'SUSPENDED', false],
  ];
  for (const [retention, status, discards] of table) {
    it(`${retention} on ${status}: ${discards ? 'discard' : 'retain'}`, () => {
      assert.equal(discardsOnShutdown(retention, status), discards);
    });
  }
});

describe('CompletedCheckpointStore', () => {
  it('subsumption deletes the directories of checkpoints beyond numRetained', async () => {
    const storage = await newStorage();
    const store = new CompletedCheckpointStore(storage, 2, 'RETAIN_ON_CANCELLATION');
    for (const id of [1, 2, 3, 4]) await complete(storage, store, id);
    assert.deepEqual(
      store.all().map((c) => c.checkpointId),
      [3, 4],
    );
    assert.equal(existsSync(join(storage.jobDirectory, 'chk-1')), false);
    assert.equal(existsSync(join(storage.jobDirectory, 'chk-2')), false);
    assert.equal(existsSync(join(storage.jobDirectory, 'chk-4', '_metadata')), true);
    await assert.rejects(complete(storage, store, 4), /not newer than the latest completed one \(4\)/);
  });

  it('retains on cancel with RETAIN_ON_CANCELLATION and discards with DELETE_ON_CANCELLATION', async () => {
    for (const [retention, kept] of [
      ['RETAIN_ON_CANCELLATION', true],
      ['DELETE_ON_CANCELLATION', false],
    ] as const) {
      const storage = await newStorage();
      const store = new CompletedCheckpointStore(storage, 1, retention);
      await complete(storage, store, 1);
      await store.shutdown('CANCELED');
      assert.equal(existsSync(join(storage.jobDirectory, 'chk-1')), kept, retention);
    }
  });

  it('recover skips a checkpoint whose _metadata is missing or corrupt, warning with its path', async () => {
    const storage = await newStorage();
    const store = new CompletedCheckpointStore(storage, 5, 'RETAIN_ON_CANCELLATION');
    for (const id of [1, 2, 3]) await complete(storage, store, id);
    await writeFile(join(storage.jobDirectory, 'chk-3', '_metadata'), 'torn');
    await storage.initializeLocation(4); // crashed before its _metadata was written
    const warnings: string[] = [];
    const recovered = await CompletedCheckpointStore.recover(storage, 5, 'RETAIN_ON_CANCELLATION', (m) =>
      warnings.push(m),
    );
    assert.equal(recovered.latest()?.checkpointId, 2);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0] ?? '', new RegExp(`checkpoint 3 at '${join(storage.jobDirectory, 'chk-3')}'.*bad magic`));
    assert.match(warnings[1] ?? '', /checkpoint 4 at .*chk-4'.*missing.*previous complete checkpoint will be used/);
  });

  it('latestValid falls back to the previous checkpoint when the newest went missing', async () => {
    const storage = await newStorage();
    const store = new CompletedCheckpointStore(storage, 3, 'RETAIN_ON_CANCELLATION');
    for (const id of [1, 2, 3]) await complete(storage, store, id);
    await unlink(join(storage.jobDirectory, 'chk-3', '_metadata'));
    const warnings: string[] = [];
    const valid = await store.latestValid((m) => warnings.push(m));
    assert.equal(valid?.checkpointId, 2);
    assert.match(
      warnings[0] ?? '',
      /Checkpoint 3 at '.*chk-3' cannot be restored: .*missing.*Falling back to checkpoint 2/,
    );
    assert.deepEqual(
      store.all().map((c) => c.checkpointId),
      [1, 2],
    );
  });
});

/** Metadata of an incremental checkpoint whose one subtask references `files` of shared/ (the last is its own). */
function incrementalMetadata(checkpointId: number, files: readonly string[]): CheckpointMetadata {
  const [own, ...rest] = [...files].reverse();
  const chain = rest.reverse().map((name) => ({ path: `../shared/${name}`, sizeBytes: 1 }));
  const handle = { subtaskIndex: 0, path: `../shared/${own}`, sizeBytes: 1, chain };
  const op = { operatorId: 'op', parallelism: 1, maxParallelism: 128, states: [], subtasks: [handle] };
  // The same file listed under two operators of one chain counts once.
  return {
    kind: 'checkpoint',
    jobId: JOB,
    checkpointId,
    timestamp: checkpointId,
    operators: [op, { ...op, operatorId: 'op2' }],
  };
}

describe('CompletedCheckpointStore shared state (incremental checkpoints)', () => {
  it('deletes a shared file only once no retained checkpoint references it, also after recovering', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 4, maxLength: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(11),
        async (newBase, numRetained, recoverAt) => {
          const storage = await newStorage();
          const sharedDir = join(storage.jobDirectory, 'shared');
          let store = new CompletedCheckpointStore(storage, numRetained, 'NO_EXTERNALIZED_CHECKPOINTS');
          let chain: string[] = [];
          const created: string[] = [];
          const referenced = new Map<number, string[]>();
          for (let i = 0; i < newBase.length; i++) {
            const id = i + 1;
            const location = await storage.initializeLocation(id);
            const file = await storage.writeSharedState(location, 'op', 0, new Uint8Array([id]));
            const name = file.path.slice('../shared/'.length);
            created.push(name);
            chain = newBase[i] || chain.length === 0 ? [name] : [...chain, name];
            referenced.set(id, chain);
            const meta = incrementalMetadata(id, chain);
            await storage.finalizeCheckpoint(location, meta);
            await store.addCheckpoint({ checkpointId: id, pointer: location.pointer, metadata: meta });
            if (i === recoverAt)
              store = await CompletedCheckpointStore.recover(storage, numRetained, 'NO_EXTERNALIZED_CHECKPOINTS');
            const live = new Set(store.all().flatMap((c) => referenced.get(c.checkpointId)!));
            for (const name of created) {
              assert.equal(existsSync(join(sharedDir, name)), live.has(name), `${name} after checkpoint ${id}`);
            }
            for (const name of live) assert.equal(store.sharedState.referenceCount(`../shared/${name}`) > 0, true);
          }
          await store.shutdown('FINISHED');
          for (const name of created) assert.equal(existsSync(join(sharedDir, name)), false, 'all gone at the end');
        },
      ),
      { numRuns: 40 },
    );
  });
});
