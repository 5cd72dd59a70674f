import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeInput, encodeSplits } from '../runtime/taskmanager/task/watermark-diagnosis.js';
import { type ExecutionView, type StatusGraph, watermarkStatus } from './watermark-status.js';

const graph: StatusGraph = {
  vertices: [
    { id: 'src', name: 'Source: events', parallelism: 2 },
    { id: 'win', name: 'window', parallelism: 1 },
  ],
  edges: [{ id: 'e', sourceVertexId: 'src' }],
};
const peer = { taskManagerId: 'tm', slotIndex: 0 };

function source(subtask: number, wm: number): ExecutionView {
  const metrics: Record<string, number> = {
    currentInputWatermark: Number.NEGATIVE_INFINITY,
    'operator.0.currentOutputWatermark': wm,
  };
  encodeSplits(
    { numSplits: 1, lowest: [{ splitId: `s${subtask}`, watermark: wm }], numLowest: 1, idle: [], numIdle: 0 },
    metrics,
  );
  return { vertexId: 'src', subtaskIndex: subtask, state: 'RUNNING', metrics, inputs: [] };
}

function windowTask(eventTime: boolean): ExecutionView {
  const wm = eventTime ? 2999 : Number.NEGATIVE_INFINITY;
  const metrics: Record<string, number> = {
    currentInputWatermark: wm,
    'operator.0.currentInputWatermark': wm,
    'operator.0.currentOutputWatermark': wm,
  };
  const lowest = [{ channel: 1, watermark: wm }];
  encodeInput({ inputIndex: 1, numChannels: 2, watermark: wm, lowest, numLowest: 1, idle: [0], numIdle: 1 }, metrics);
  const channels = [0, 1].map((p) => ({ channelId: `e|${p}|0`, peer }));
  return {
    vertexId: 'win',
    subtaskIndex: 0,
    state: 'RUNNING',
    metrics,
    inputs: [{ edgeId: 'e', inputIndex: 1, channels }],
  };
}

describe('watermarkStatus', () => {
  it('shows the lowest operator watermark and the upstream subtask holding it back', () => {
    assert.equal(
      watermarkStatus([source(0, 9999), source(1, 2999), windowTask(true)], graph),
      " | wm 2999 at 'window' ← 'Source: events' subtask 1 at 2999 (idle: 'Source: events' subtask 0)",
    );
  });

  it('is empty when the job does not use event time', () => {
    const noSplits = { ...windowTask(false) };
    assert.equal(watermarkStatus([noSplits], graph), '');
  });

  it('leaves out subtasks that are not running', () => {
    assert.equal(watermarkStatus([source(0, 1), { ...windowTask(true), state: 'FINISHED' }], graph), '');
  });
});
