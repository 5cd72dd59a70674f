import type { ListState } from '../state/state.js';
import type { MergingWindowAssigner } from './assigners.js';
import type { Window } from './windows.js';

/** Called when windows merge: merge their state (already-existing state windows) into the result's state window. */
export type MergeFunction<W> = (
  mergeResult: W,
  mergedWindows: W[],
  stateWindowResult: W,
  mergedStateWindows: W[],
) => void;

/**
 * The in-flight windows of one key of a merging assigner (Flink's MergingWindowSet). Each window maps to the
 * "state window" whose namespace holds its contents: when windows merge, the result keeps the state window of
 * one of them, so merging moves only the others' state. Kept in keyed ListState as [window, stateWindow] pairs;
 * the operator builds one per record or timer (current key set) and calls persist() when done.
 */
export class MergingWindowSet<W extends Window> {
  private readonly mapping = new Map<string | number, [W, W]>();
  private changed = false;

  constructor(
    private readonly assigner: MergingWindowAssigner<unknown, W>,
    private readonly state: ListState<[W, W]>,
  ) {
    for (const pair of state.get()) this.mapping.set(pair[0].namespaceKey(), [pair[0], pair[1]]);
  }

  /** Writes the mapping back when it changed. */
  persist(): void {
    if (!this.changed) return;
    if (this.mapping.size === 0) this.state.clear();
    else this.state.update([...this.mapping.values()]);
    this.changed = false;
  }

  /** The state window of an in-flight window, or undefined when the window is no longer in flight. */
  getStateWindow(window: W): W | undefined {
    return this.mapping.get(window.namespaceKey())?.[1];
  }

  /** Removes a window that fired for good or was late; a window not in flight is a bug (state would leak). */
  retireWindow(window: W): void {
    if (!this.mapping.delete(window.namespaceKey())) {
      throw new Error(`Window ${String(window)} is not in the in-flight window set.`);
    }
    this.changed = true;
  }

  /**
   * Adds a new window, merging it with in-flight windows as the assigner decides; returns the window the new one
   * ended up in (itself when nothing merged). `merge` runs for every merge that involves existing state.
   */
  addWindow(newWindow: W, merge: MergeFunction<W>): W {
    const windows: W[] = [];
    for (const pair of this.mapping.values()) windows.push(pair[0]);
    windows.push(newWindow);
    const results: { result: W; merged: W[] }[] = [];
    this.assigner.mergeWindows(windows, (toBeMerged, result) => {
      results.push({ result, merged: [...toBeMerged] });
    });
    const newKey = newWindow.namespaceKey();
    let resultWindow = newWindow;
    let mergedNewWindow = false;
    for (const { result, merged } of results) {
      const at = merged.findIndex((w) => w.namespaceKey() === newKey);
      if (at >= 0) {
        merged.splice(at, 1);
        mergedNewWindow = true;
        resultWindow = result;
      }
      this.mergeOne(result, merged, merge);
    }
    if (results.length === 0 || (resultWindow.namespaceKey() === newKey && !mergedNewWindow)) {
      this.mapping.set(newKey, [resultWindow, resultWindow]);
      this.changed = true;
    }
    return resultWindow;
  }

  private mergeOne(result: W, merged: W[], merge: MergeFunction<W>): void {
    const first = merged[0];
    // Keep the state window of one merged window (any will do) as the result's: its state need not move.
    const kept = first === undefined ? undefined : this.mapping.get(first.namespaceKey())?.[1];
    const mergedStateWindows: W[] = [];
    for (const w of merged) {
      const removed = this.mapping.get(w.namespaceKey());
      if (removed === undefined) continue;
      this.mapping.delete(w.namespaceKey());
      if (kept === undefined || removed[1].namespaceKey() !== kept.namespaceKey()) mergedStateWindows.push(removed[1]);
    }
    if (kept === undefined) throw new Error(`Merging windows into ${String(result)}: no in-flight window had state`);
    this.mapping.set(result.namespaceKey(), [result, kept]);
    this.changed = true;
    // A new window that only fell inside one existing window changes nothing: there is no state to merge.
    const onlyItself = merged.length === 1 && merged[0]?.namespaceKey() === result.namespaceKey();
    if (!onlyItself) merge(result, merged, kept, mergedStateWindows);
  }
}
