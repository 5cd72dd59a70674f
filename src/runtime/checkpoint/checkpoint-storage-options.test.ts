import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCheckpointStorageOptions } from './checkpoint-storage-options.js';

describe('readCheckpointStorageOptions', () => {
  it('defaults: no directories, one retained, no externalized checkpoints', () => {
    assert.deepEqual(readCheckpointStorageOptions({}), {
      checkpointDirectory: undefined,
      savepointDirectory: undefined,
      numRetained: 1,
      retention: 'NO_EXTERNALIZED_CHECKPOINTS',
    });
  });

  it('prefers Flink 2.x keys and falls back to the 1.x keys', () => {
    const old = readCheckpointStorageOptions({
      'state.checkpoints.dir': 'file:///old',
      'state.savepoints.dir': '/sp-old',
      'state.checkpoints.num-retained': '3',
    });
    assert.equal(old.checkpointDirectory, 'file:///old');
    assert.equal(old.savepointDirectory, '/sp-old');
    assert.equal(old.numRetained, 3);
    const both = readCheckpointStorageOptions({
      'state.checkpoints.dir': '/old',
      'execution.checkpointing.dir': '/new',
      'state.checkpoints.num-retained': '3',
      'execution.checkpointing.num-retained': '5',
      'execution.checkpointing.externalized-checkpoint-retention': 'retain_on_cancellation',
    });
    assert.equal(both.checkpointDirectory, '/new');
    assert.equal(both.numRetained, 5);
    assert.equal(both.retention, 'RETAIN_ON_CANCELLATION');
  });

  it('warns and keeps one for a non-positive num-retained, as Flink does', () => {
    const warnings: string[] = [];
    const o = readCheckpointStorageOptions({ 'execution.checkpointing.num-retained': '0' }, (m) => warnings.push(m));
    assert.equal(o.numRetained, 1);
    assert.match(warnings[0] ?? '', /'execution.checkpointing.num-retained' is 0/);
  });

  it('names the key and value it cannot read', () => {
    assert.throws(
      () => readCheckpointStorageOptions({ 'state.checkpoints.num-retained': 'two' }),
      /'state.checkpoints.num-retained' must be an integer such as '3', got 'two'/,
    );
    assert.throws(
      () => readCheckpointStorageOptions({ 'execution.checkpointing.externalized-checkpoint-retention': 'KEEP' }),
      /must be one of NO_EXTERNALIZED_CHECKPOINTS, DELETE_ON_CANCELLATION, RETAIN_ON_CANCELLATION, got 'KEEP'/,
    );
  });
});
