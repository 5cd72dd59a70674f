import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteReader, ByteWriter } from '../../core/types/bytes.js';
import {
  CorruptSubtaskStateError,
  HEADER_BYTES,
  locateIndex,
  type OperatorIndexEntry,
  readIndex,
  SUBTASK_STATE_FORMAT_VERSION,
  writeFooter,
  writeHeader,
  writeIndex,
} from './subtask-state-format.js';

const block = (keyGroup: number, offset: number) => ({ keyGroup, offset, length: 3, entries: 2, crc: 0xdeadbeef });

const operators: OperatorIndexEntry[] = [
  {
    operatorId: 'op',
    keyed: {
      maxParallelism: 128,
      states: [
        {
          name: 'plain',
          kind: 'map',
          ttl: false,
          schema: '',
          keyGroups: [block(1, 12), block(5, 15)],
          removed: [block(5, 25)],
        },
        { name: 'ttl', kind: 'aggregating', ttl: true, schema: '', keyGroups: [block(1, 18)], removed: [] },
      ],
    },
    timers: [{ name: 't', eventTime: [block(2, 21)], processingTime: [] }],
    operator: { offset: 24, length: 1, entries: 0, crc: 1 },
  },
  { operatorId: 'empty', keyed: undefined, timers: undefined, operator: undefined },
];

/** A file of header, 16 data bytes, index and footer. */
function file(index: readonly OperatorIndexEntry[]): Uint8Array {
  const out = new ByteWriter();
  writeHeader(out);
  for (let i = 0; i < 16; i++) out.writeUint8(i);
  const start = out.length;
  writeIndex(out, index);
  writeFooter(out, start, out.length - start, 42);
  return out.toUint8Array();
}

describe('subtask state format', () => {
  it('writes the header with the current version', () => {
    const out = new ByteWriter();
    writeHeader(out);
    assert.equal(out.length, HEADER_BYTES);
    assert.equal(Buffer.from(out.toUint8Array()).toString('latin1', 0, 8), 'WEIRSTAT');
    assert.equal(Buffer.from(out.toUint8Array()).readUInt32LE(8), SUBTASK_STATE_FORMAT_VERSION);
    assert.equal(SUBTASK_STATE_FORMAT_VERSION, 5);
  });

  it('round-trips the index, TTL flags included, through the footer', () => {
    const bytes = file(operators);
    const { start, end, crc } = locateIndex(Buffer.from(bytes), 'f');
    assert.equal(start, HEADER_BYTES + 16);
    assert.equal(crc, 42);
    assert.deepEqual(readIndex(new ByteReader(bytes, start, end), start), { operators });
  });

  it('keeps the kind byte of a state without TTL as in version 1', () => {
    const out = new ByteWriter();
    writeIndex(out, [
      {
        operatorId: 'o',
        keyed: {
          maxParallelism: 1,
          states: [{ name: 's', kind: 'map', ttl: false, schema: '', keyGroups: [], removed: [] }],
        },
      },
    ]);
    const ttl = new ByteWriter();
    writeIndex(ttl, [
      {
        operatorId: 'o',
        keyed: {
          maxParallelism: 1,
          states: [{ name: 's', kind: 'map', ttl: true, schema: '', keyGroups: [], removed: [] }],
        },
      },
    ]);
    assert.equal(out.length, ttl.length, 'the TTL flag costs no byte');
    // After the kind byte: the empty schema string (one byte) and two empty group lists (one byte each).
    const kindAt = out.length - 4;
    assert.equal(out.bytes[kindAt], 2);
    assert.equal(ttl.bytes[kindAt], 0x82);
  });

  it('rejects an unknown state kind and blocks outside the data area', () => {
    const unknownKind = new ByteWriter();
    writeIndex(unknownKind, operators);
    const bytes = unknownKind.toUint8Array();
    // The first state's kind byte follows its name 'plain' (a length byte and five characters).
    const at = Buffer.from(bytes).indexOf('plain') + 5;
    bytes[at] = 9;
    assert.throws(() => readIndex(new ByteReader(bytes), 1000), /state 'plain' has unknown kind 9/);
    const ok = new ByteWriter();
    writeIndex(ok, operators);
    assert.throws(() => readIndex(new ByteReader(ok.toUint8Array()), 20), /lies outside the data area/);
  });

  it('reads version 4 files, which have no tombstone lists', () => {
    const out = new ByteWriter();
    out.writeVarUint(1);
    out.writeString('o');
    out.writeUint8(1);
    out.writeVarUint(1);
    out.writeVarUint(1);
    out.writeString('s');
    out.writeUint8(0);
    out.writeString('');
    out.writeVarUint(0);
    const index = readIndex(new ByteReader(out.toUint8Array()), 12, 4);
    assert.deepEqual(index.operators[0].keyed?.states[0].removed, []);
  });

  it('names older and newer versions in its error', () => {
    for (const [version, writer] of [
      [3, 'an older'],
      [6, 'a newer'],
    ] as const) {
      const bytes = Buffer.from(file(operators));
      bytes.writeUInt32LE(version, 8);
      assert.throws(
        () => locateIndex(bytes, 'chk-3/x.state'),
        (e: unknown) =>
          e instanceof CorruptSubtaskStateError &&
          e.where === 'chk-3/x.state' &&
          e.message.includes(
            `format version ${version} (written by ${writer} Weir), this Weir reads versions 4 to 5`,
          ) &&
          e.message.includes('with the Weir version that wrote it'),
      );
    }
  });
});
