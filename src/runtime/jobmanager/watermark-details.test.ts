import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InputSpec } from '../deployment/task-deployment-descriptor.js';
import { encodeInput, encodeSplits } from '../taskmanager/task/watermark-diagnosis.js';
import { explainHeldBack, formatWatermark, type GraphNames, subtaskWatermarks } from './watermark-details.js';

const graph: GraphNames = {
  vertices: [
    { id: 'v-fast', name: 'Source: fast' },
    { id: 'v-slow', name: 'Source: slow' },
    { id: 'v-join', name: 'Join' },
  ],
  edges: [
    { id: 'e1', sourceVertexId: 'v-fast' },
    { id: 'e2', sourceVertexId: 'v-slow' },
  ],
};
const peer = { taskManagerId: 'tm', slotIndex: 0 };
/** Subtask 0 of the join: input 1 from fast (2 producers), input 2 from slow (2 producers). */
const inputs: InputSpec[] = [
  { edgeId: 'e1', inputIndex: 1, channels: [0, 1].map((p) => ({ channelId: `e1|${p}|0`, peer })) },
  { edgeId: 'e2', inputIndex: 2, channels: [0, 1].map((p) => ({ channelId: `e2|${p}|0`, peer })) },
];

function joinMetrics(): Record<string, number> {
  const m: Record<string, number> = {
    currentInputWatermark: 2999,
    'operator.0.currentInputWatermark': 2999,
    'operator.0.currentOutputWatermark': 2999,
  };
  encodeInput(
    {
      inputIndex: 1,
      numChannels: 2,
      watermark: 9000,
      lowest: [{ channel: 0, watermark: 9000 }],
      numLowest: 1,
      idle: [],
      numIdle: 0,
    },
    m,
  );
  encodeInput(
    {
      inputIndex: 2,
      numChannels: 2,
      watermark: 2999,
      lowest: [{ channel: 1, watermark: 2999 }],
      numLowest: 1,
      idle: [0],
      numIdle: 1,
    },
    m,
  );
  return m;
}

describe('subtaskWatermarks', () => {
  it('maps gate channel positions to the producer vertex and subtask', () => {
    const w = subtaskWatermarks(joinMetrics(), inputs, graph)!;
    assert.equal(w.inputWatermark, 2999);
    assert.equal(w.outputWatermark, 2999);
    const [in1, in2] = w.inputs;
    assert.deepEqual(
      in2.heldBackBy.map((c) => [c.producerVertexName, c.producerSubtask, c.edgeId, c.watermark]),
      [['Source: slow', 1, 'e2', 2999]],
    );
    assert.deepEqual(
      in2.idle.map((c) => [c.producerVertexName, c.producerSubtask]),
      [['Source: slow', 0]],
    );
    assert.equal(in1.heldBackBy[0].producerVertexName, 'Source: fast');
  });

  it('explains the lower input first, with its idle channels', () => {
    const w = subtaskWatermarks(joinMetrics(), inputs, graph)!;
    assert.equal(
      explainHeldBack(w),
      "input 2: 'Source: slow' subtask 1 at 2999 (idle: 'Source: slow' subtask 0); input 1: 'Source: fast' subtask 0 at 9000",
    );
  });

  it('explains a source by its lagging split', () => {
    const m: Record<string, number> = {
      currentInputWatermark: Number.NEGATIVE_INFINITY,
      'operator.0.currentOutputWatermark': 2999,
    };
    encodeSplits(
      { numSplits: 3, lowest: [{ splitId: 'slow', watermark: 2999 }], numLowest: 1, idle: ['quiet'], numIdle: 1 },
      m,
    );
    const w = subtaskWatermarks(m, [], graph)!;
    assert.equal(w.outputWatermark, 2999);
    assert.equal(explainHeldBack(w), "split 'slow' at 2999; idle splits: 'quiet'");
  });

  it('is undefined before the subtask reported', () => {
    assert.equal(subtaskWatermarks({}, inputs, graph), undefined);
  });
});

describe('formatWatermark', () => {
  const table: [number, string][] = [
    [Number.NEGATIVE_INFINITY, 'none'],
    [Number.POSITIVE_INFINITY, 'end'],
    [1234.9, '1234'],
  ];
  for (const [wm, text] of table) it(`${wm} → ${text}`, () => assert.equal(formatWatermark(wm), text));
});
