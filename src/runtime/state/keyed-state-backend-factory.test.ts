import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyGroupRange } from '../../core/key-group.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import { keyedStateBackendFactory } from './keyed-state-backend-factory.js';

describe('keyedStateBackendFactory (state.backend.type)', () => {
  const options = { maxParallelism: 128, keyGroupRange: new KeyGroupRange(0, 127) };

  it('builds the heap backend by default and for hashmap', () => {
    assert.ok(keyedStateBackendFactory({})(options) instanceof HeapKeyedStateBackend);
    assert.ok(keyedStateBackendFactory({ 'state.backend.type': 'hashmap' })(options) instanceof HeapKeyedStateBackend);
    assert.ok(keyedStateBackendFactory({ 'state.backend': 'HashMap' })(options) instanceof HeapKeyedStateBackend);
  });

  it('says the disk-backed backend is not available yet, and what to use', () => {
    assert.throws(
      () => keyedStateBackendFactory({ 'state.backend.type': 'rocksdb' }),
      /not available in Weir yet.*hashmap/,
    );
  });

  it('refuses unknown values naming the key', () => {
    assert.throws(
      () => keyedStateBackendFactory({ 'state.backend.type': 'memory' }),
      /'state.backend.type' must be 'hashmap'.*'memory'/,
    );
  });
});
