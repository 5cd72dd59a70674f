import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatRecord, PrintSink, printPrefix, writeFully } from './print-sink.js';
import type { SinkInitContext } from './sink.js';

function initContext(subtaskId: number, parallelism: number): SinkInitContext {
  return {
    subtaskId,
    numberOfParallelSubtasks: parallelism,
    attemptNumber: 0,
    checkpointingEnabled: false,
    jobId: 'job',
    sendToClient: () => {},
  };
}

const writerContext = { timestamp: () => undefined, currentWatermark: () => Number.NEGATIVE_INFINITY };

describe('printPrefix (Flink PrintSinkOutputWriter)', () => {
  const table: { id: string; subtask: number; p: number; want: string }[] = [
    { id: '', subtask: 0, p: 1, want: '' },
    { id: '', subtask: 0, p: 4, want: '1> ' },
    { id: '', subtask: 3, p: 4, want: '4> ' },
    { id: 'out', subtask: 0, p: 1, want: 'out> ' },
    { id: 'out', subtask: 1, p: 2, want: 'out:2> ' },
  ];
  for (const { id, subtask, p, want } of table) {
    it(`identifier '${id}', subtask ${subtask} of ${p} -> '${want}'`, () => {
      assert.equal(printPrefix(id, subtask, p), want);
    });
  }
});

describe('formatRecord', () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
    toString(): string {
      return `Point(${this.x}, ${this.y})`;
    }
  }
  const table: { value: unknown; want: string }[] = [
    { value: 'hello', want: 'hello' },
    { value: 42, want: '42' },
    { value: 1.5, want: '1.5' },
    { value: 12n, want: '12' },
    { value: true, want: 'true' },
    { value: null, want: 'null' },
    { value: undefined, want: 'undefined' },
    { value: ['hello', 1], want: '(hello,1)' },
    { value: ['a', ['b', 2]], want: '(a,(b,2))' },
    { value: { word: 'a', count: 1 }, want: "{ word: 'a', count: 1 }" },
    { value: new Point(1, 2), want: 'Point(1, 2)' },
    { value: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), want: '2024-01-02T03:04:05.000Z' },
    { value: new Map([['k', 1]]), want: "Map(1) { 'k' => 1 }" },
  ];
  for (const { value, want } of table) {
    it(`${want}`, () => assert.equal(formatRecord(value), want));
  }
});

describe('PrintSink', () => {
  it('writes whole prefixed lines, buffered until flush', () => {
    const chunks: string[] = [];
    const sink = new PrintSink<string>('out', false, { writer: (t) => chunks.push(t) });
    const writer = sink.createWriter(initContext(1, 3));
    writer.write('a', writerContext);
    writer.write('b', writerContext);
    assert.deepEqual(chunks, []);
    writer.flush(false);
    assert.deepEqual(chunks, ['out:2> a\nout:2> b\n']);
    writer.flush(false);
    assert.equal(chunks.length, 1, 'an empty buffer writes nothing');
  });

  it('writes when the buffer passes its size, and on close', () => {
    const chunks: string[] = [];
    const sink = new PrintSink<number>('', false, { writer: (t) => chunks.push(t), bufferChars: 8 });
    const writer = sink.createWriter(initContext(0, 1));
    for (const n of [1000, 2000, 3]) writer.write(n, writerContext);
    assert.deepEqual(chunks, ['1000\n2000\n']);
    writer.close();
    assert.deepEqual(chunks, ['1000\n2000\n', '3\n']);
  });

  it('names itself as Flink does', () => {
    assert.equal(String(new PrintSink()), 'Print to System.out');
    assert.equal(String(new PrintSink('', true)), 'Print to System.err');
  });

  it('rejects a non-string identifier', () => {
    assert.throws(() => new PrintSink(7 as unknown as string), /identifier must be a string/);
  });
});

describe('writeFully', () => {
  it('writes every byte of multi-byte text to the descriptor', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weir-print-'));
    try {
      const path = join(dir, 'out.txt');
      const fd = openSync(path, 'w');
      const text = 'héllo wörld ✓\n'.repeat(5000);
      writeFully(fd, text);
      closeSync(fd);
      assert.equal(readFileSync(path, 'utf8'), text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
