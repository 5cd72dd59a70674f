import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ListState } from '../state/state.js';
import { EventTimeSessionWindows } from './assigners.js';
import { MergingWindowSet } from './merging-window-set.js';
import { TimeWindow } from './windows.js';

/** A ListState in memory, enough for the set's persist/restore. */
function memoryList<T>(): ListState<T> & { items: T[] } {
  const s = {
    items: [] as T[],
    get: () => s.items,
    add: (v: T) => void s.items.push(v),
    addAll: (vs: Iterable<T>) => void s.items.push(...vs),
    update: (vs: Iterable<T>) => void (s.items = [...vs]),
    clear: () => void (s.items = []),
  };
  return s;
}

const w = (start: number, end: number) => new TimeWindow(start, end);
const str = (x: TimeWindow | undefined) => (x === undefined ? 'none' : `[${x.start},${x.end})`);

describe('MergingWindowSet', () => {
  const assigner = EventTimeSessionWindows.withGap(10);

  it('adds separate windows as their own state windows and persists them', () => {
    const state = memoryList<[TimeWindow, TimeWindow]>();
    const set = new MergingWindowSet(assigner, state);
    const merges: string[] = [];
    const merge = (r: TimeWindow) => merges.push(str(r));
    assert.equal(str(set.addWindow(w(0, 10), merge)), '[0,10)');
    assert.equal(str(set.addWindow(w(20, 30), merge)), '[20,30)');
    assert.deepEqual(merges, []);
    set.persist();
    const restored = new MergingWindowSet(assigner, state);
    assert.equal(str(restored.getStateWindow(w(20, 30))), '[20,30)');
  });

  it('merges a bridging window: the result keeps one state window and merges the other into it', () => {
    const set = new MergingWindowSet(assigner, memoryList());
    const noop = () => {};
    set.addWindow(w(0, 10), noop);
    set.addWindow(w(18, 28), noop);
    const calls: string[] = [];
    const result = set.addWindow(w(9, 19), (r, merged, stateResult, mergedState) => {
      calls.push(
        `${str(r)} merged ${merged.map(str).join(' ')} into ${str(stateResult)} from ${mergedState.map(str).join(' ')}`,
      );
    });
    assert.equal(str(result), '[0,28)');
    assert.deepEqual(calls, ['[0,28) merged [0,10) [18,28) into [0,10) from [18,28)']);
    assert.equal(str(set.getStateWindow(w(0, 28))), '[0,10)');
    assert.equal(str(set.getStateWindow(w(0, 10))), 'none');
  });

  it('a window inside an existing one changes nothing and calls no merge', () => {
    const set = new MergingWindowSet(assigner, memoryList());
    set.addWindow(w(0, 10), () => {});
    set.addWindow(w(5, 15), () => {});
    let calls = 0;
    const result = set.addWindow(w(6, 12), () => calls++);
    assert.equal(str(result), '[0,15)');
    assert.equal(calls, 0);
    assert.equal(str(set.getStateWindow(result)), '[0,10)');
  });

  it('retires windows and refuses unknown ones', () => {
    const state = memoryList<[TimeWindow, TimeWindow]>();
    const set = new MergingWindowSet(assigner, state);
    set.addWindow(w(0, 10), () => {});
    set.retireWindow(w(0, 10));
    set.persist();
    assert.deepEqual(state.items, []);
    assert.throws(() => set.retireWindow(w(0, 10)), /not in the in-flight window set/);
  });
});

describe('windows in snapshots', () => {
  it('keep their class through the generic codec (timers and the merging window set hold window objects)', async () => {
    const { GenericCodec } = await import('../../core/types/generic-codec.js');
    const { ByteReader, ByteWriter } = await import('../../core/types/bytes.js');
    const { GlobalWindow } = await import('./windows.js');
    const codec = new GenericCodec();
    const writer = new ByteWriter(8);
    codec.encode([new TimeWindow(-5, 5), GlobalWindow.get()], writer);
    const back = codec.decode(new ByteReader(writer.toUint8Array())) as [
      TimeWindow,
      ReturnType<typeof GlobalWindow.get>,
    ];
    assert.ok(back[0] instanceof TimeWindow);
    assert.equal(back[0].maxTimestamp(), 4);
    assert.equal(back[1].namespaceKey(), GlobalWindow.get().namespaceKey());
  });
});
