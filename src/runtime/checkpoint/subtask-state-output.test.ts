import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { HEADER_BYTES } from './subtask-state-format.js';
import { type Block, SubtaskStateOutput } from './subtask-state-output.js';
import { concat } from './subtask-state-test-fixtures.js';

/** Writes `entries` entries of `bytes` bytes (value = entry index) into one block. */
function writeBlock(output: SubtaskStateOutput, block: Block, entries: number, bytes: number): void {
  output.openBlock(block);
  for (let i = 0; i < entries; i++) {
    for (let j = 0; j < bytes; j++) output.out.writeUint8(i & 0xff);
    output.afterEntry();
  }
  block.entries = entries;
  output.closeBlock(block);
}

describe('SubtaskStateOutput', () => {
  // An estimate of 10 entries for 3000 of 4 KiB: the presized buffer falls short, the rest goes to chunks.
  const cases: [string, (output: SubtaskStateOutput) => Uint8Array][] = [
    ['result()', (output) => output.result()],
    ['takeChunks() after every entry', (output) => concat(output.takeChunks())],
  ];
  for (const [name, bytesOf] of cases) {
    it(`keeps block offsets and checksums right across presizing and chunks (${name})`, () => {
      const output = new SubtaskStateOutput();
      output.expect(10, 2);
      const first: Block = { keyGroup: 1, offset: 0, length: 0, entries: 0, crc: 0 };
      const second: Block = { keyGroup: 2, offset: 0, length: 0, entries: 0, crc: 0 };
      const streamed: Uint8Array[] = [];
      const take = name !== 'result()';
      output.openBlock(first);
      for (let i = 0; i < 3000; i++) {
        for (let j = 0; j < 4096; j++) output.out.writeUint8(i & 0xff);
        output.afterEntry();
        if (take) streamed.push(...output.takeChunks());
      }
      first.entries = 3000;
      output.closeBlock(first);
      writeBlock(output, second, 5, 10);
      output.finish([]);
      const file = take ? concat([...streamed, bytesOf(output)]) : bytesOf(output);
      if (!take) assert.ok(output.resultChunks().length > 1, 'continued in chunks');
      assert.equal(file.length, output.byteLength);
      assert.equal(first.offset, HEADER_BYTES);
      assert.equal(first.length, 3000 * 4096);
      assert.equal(second.offset, first.offset + first.length);
      for (const block of [first, second]) {
        assert.equal(block.crc, crc32(file.subarray(block.offset, block.offset + block.length)));
      }
    });
  }

  it('refuses result() before finish() and after streaming', () => {
    const output = new SubtaskStateOutput();
    assert.throws(() => output.result(), /call encodeSome\(\) until it returns true/);
    output.takeChunks();
    output.finish([]);
    assert.throws(() => output.result(), /streamed with takeChunks\(\)/);
  });
});
