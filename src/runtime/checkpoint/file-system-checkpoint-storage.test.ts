import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CheckpointMetadata } from './checkpoint-metadata.js';
import { CorruptMetadataError, decodeMetadata, encodeMetadata } from './checkpoint-metadata.js';
import { FileSystemCheckpointStorage, resolveStoragePath } from './file-system-checkpoint-storage.js';

const JOB = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const OP = 'cbc357ccb763df2852fee8c4fc7d55f2';
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'weir-chk-'));
  dirs.push(d);
  return d;
}

function metadata(checkpointId: number, kind: 'checkpoint' | 'savepoint' = 'checkpoint'): CheckpointMetadata {
  return {
    kind,
    jobId: JOB,
    checkpointId,
    timestamp: 1_700_000_000_000 + checkpointId,
    operators: [{ operatorId: OP, parallelism: 1, maxParallelism: 128, states: [], subtasks: [] }],
  };
}

describe('FileSystemCheckpointStorage layout', () => {
  it('accepts file:// URIs and plain paths and lays out <dir>/<job>/chk-<n>, shared, taskowned', async () => {
    const base = await tempDir();
    const storage = new FileSystemCheckpointStorage({ checkpointDirectory: pathToFileURL(base).href, jobId: JOB });
    await storage.initializeBaseLocations();
    const location = await storage.initializeLocation(3);
    assert.equal(location.pointer, join(base, JOB, 'chk-3'));
    assert.deepEqual((await readdir(join(base, JOB))).sort(), ['chk-3', 'shared', 'taskowned']);
    assert.equal(resolveStoragePath(base, 'x'), base);
  });

  it('rejects unsupported schemes naming the option', () => {
    assert.throws(
      () => new FileSystemCheckpointStorage({ checkpointDirectory: 's3://bucket/chk', jobId: JOB }),
      /'execution.checkpointing.dir' is 's3:\/\/bucket\/chk', but scheme 's3' is not supported/,
    );
  });

  it('writes state blobs and reads them back through the pointer or its _metadata', async () => {
    const storage = new FileSystemCheckpointStorage({ checkpointDirectory: await tempDir(), jobId: JOB });
    const location = await storage.initializeLocation(1);
    const handle = await storage.writeState(location, OP, 2, new Uint8Array([1, 2, 3]));
    assert.equal(handle.subtaskIndex, 2);
    assert.equal(handle.sizeBytes, 3);
    await storage.finalizeCheckpoint(location, metadata(1));
    assert.deepEqual([...(await storage.readState(location.pointer, handle))], [1, 2, 3]);
    assert.deepEqual(await storage.readMetadata(join(location.pointer, '_metadata')), metadata(1));
    await assert.rejects(storage.readState(location.pointer, { ...handle, path: '../../x' }), /leaves the checkpoint/);
  });

  it('writes incremental files into shared/, readable and deletable from any checkpoint of the job, nothing else', async () => {
    const storage = new FileSystemCheckpointStorage({ checkpointDirectory: await tempDir(), jobId: JOB });
    const first = await storage.initializeLocation(1);
    const file = await storage.writeSharedState(first, OP, 0, new Uint8Array([7]));
    assert.match(file.path, new RegExp(`^\\.\\./shared/op-${OP}-0-chk1-[0-9a-f]{16}$`));
    const later = await storage.initializeLocation(5);
    assert.deepEqual([...(await storage.readState(later.pointer, file))], [7]);
    for (const path of ['../other/x', '../shared/../chk-1/x', '../chk-1/x']) {
      await assert.rejects(storage.readState(later.pointer, { path }), /leaves the checkpoint/, path);
    }
    await assert.rejects(storage.discardSharedState(later.pointer, '../chk-1/_metadata'), /not a file of the shared/);
    assert.equal(await storage.isOwnCheckpoint(join(first.pointer, '_metadata')), true);
    const other = new FileSystemCheckpointStorage({ checkpointDirectory: await tempDir(), jobId: JOB });
    assert.equal(await other.isOwnCheckpoint(first.pointer), false, "another directory's checkpoint");
    await storage.discardSharedState(later.pointer, file.path);
    assert.equal(existsSync(join(storage.jobDirectory, file.path.slice(3))), false);
    await storage.discardSharedState(later.pointer, file.path);
  });
});

describe('atomic _metadata', () => {
  it('a crash before the rename leaves no visible checkpoint', async () => {
    const storage = new FileSystemCheckpointStorage({
      checkpointDirectory: await tempDir(),
      jobId: JOB,
      beforeMetadataRename: () => {
        throw new Error('simulated crash');
      },
    });
    const location = await storage.initializeLocation(7);
    await assert.rejects(storage.finalizeCheckpoint(location, metadata(7)), /simulated crash/);
    assert.equal(existsSync(join(location.pointer, '_metadata')), false);
    await assert.rejects(storage.readMetadata(location.pointer), { code: 'ENOENT' });
  });

  it('the temporary file is complete and durable before the rename', async () => {
    let seen: CheckpointMetadata | undefined;
    const storage = new FileSystemCheckpointStorage({
      checkpointDirectory: await tempDir(),
      jobId: JOB,
      beforeMetadataRename: async (temp) => {
        const { readFile } = await import('node:fs/promises');
        seen = decodeMetadata(await readFile(temp), temp);
      },
    });
    const location = await storage.initializeLocation(8);
    await storage.finalizeCheckpoint(location, metadata(8));
    assert.deepEqual(seen, metadata(8));
    assert.deepEqual(await readdir(location.pointer), ['_metadata']);
  });
});

describe('metadata envelope', () => {
  const cases: { name: string; mutate: (b: Buffer) => Buffer; error: RegExp }[] = [
    { name: 'truncated', mutate: (b) => b.subarray(0, 10), error: /bad magic or truncated/ },
    { name: 'foreign file', mutate: () => Buffer.from('{"kind":"checkpoint"}'), error: /bad magic/ },
    { name: 'flipped body byte', mutate: (b) => flip(b, b.length - 2), error: /checksum mismatch/ },
    { name: 'future version', mutate: (b) => version(b, 9), error: /format version 9 is not supported/ },
  ];
  for (const c of cases) {
    it(`rejects a ${c.name} file naming its path`, () => {
      const bytes = c.mutate(encodeMetadata(metadata(1)));
      assert.throws(
        () => decodeMetadata(bytes, '/x/chk-1/_metadata'),
        (e: unknown) => {
          assert.ok(e instanceof CorruptMetadataError);
          assert.match(e.message, /'\/x\/chk-1\/_metadata'/);
          assert.match(e.message, c.error);
          return true;
        },
      );
    });
  }

  it('savepoints go to savepoint-<job prefix>-<random> below the target', async () => {
    const target = await tempDir();
    const storage = new FileSystemCheckpointStorage({ checkpointDirectory: await tempDir(), jobId: JOB });
    await assert.rejects(storage.initializeSavepointLocation(1), /execution.checkpointing.savepoint-dir/);
    const a = await storage.initializeSavepointLocation(1, target);
    const b = await storage.initializeSavepointLocation(1, target);
    assert.match(a.pointer, /savepoint-a1b2c3-[0-9a-f]{12}$/);
    assert.notEqual(a.pointer, b.pointer);
    await storage.finalizeCheckpoint(a, metadata(1, 'savepoint'));
    assert.equal((await storage.readMetadata(a.pointer)).kind, 'savepoint');
    await writeFile(join(b.pointer, '_metadata'), 'garbage');
    await assert.rejects(storage.readMetadata(b.pointer), CorruptMetadataError);
  });
});

function flip(b: Buffer, i: number): Buffer {
  const c = Buffer.from(b);
  c[i] = (c[i] ?? 0) ^ 0xff;
  return c;
}

function version(b: Buffer, v: number): Buffer {
  const c = Buffer.from(b);
  c.writeUInt32BE(v, 8);
  return c;
}
