import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as codec from './subtask-state-codec.js';
import { decodeSubtaskState, readSubtaskStateIndex } from './subtask-state-decoder.js';
import { encodeSubtaskState, SubtaskStateEncoder } from './subtask-state-encoder.js';
import { CorruptSubtaskStateError, SUBTASK_STATE_FORMAT_VERSION } from './subtask-state-format.js';

// The codec module only re-exports: importers (subtask-checkpointer.ts, slot-worker.ts, the bench) keep using it.
describe('subtask state codec module', () => {
  it('re-exports the encoder, decoder and format names', () => {
    assert.equal(codec.SubtaskStateEncoder, SubtaskStateEncoder);
    assert.equal(codec.encodeSubtaskState, encodeSubtaskState);
    assert.equal(codec.decodeSubtaskState, decodeSubtaskState);
    assert.equal(codec.readSubtaskStateIndex, readSubtaskStateIndex);
    assert.equal(codec.CorruptSubtaskStateError, CorruptSubtaskStateError);
    assert.equal(codec.SUBTASK_STATE_FORMAT_VERSION, SUBTASK_STATE_FORMAT_VERSION);
  });

  it('round-trips through the re-exported names', () => {
    const states = new Map([['op', { operator: { lists: new Map(), broadcast: new Map() } }]]);
    assert.deepEqual(codec.decodeSubtaskState(codec.encodeSubtaskState(states), 'f'), states);
  });
});
