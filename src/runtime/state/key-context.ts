import type { NormalizedKey } from './key-normalizer.js';

/**
 * The current key as a keyed state backend resolved it, shared by its state tables so a state access reads plain
 * fields instead of recomputing anything. Contract: written only by the owning backend (setCurrentKey), on the
 * task thread; read by its state tables. Also tracks which key groups changed since the last mark, so
 * incremental snapshots can skip the rest: marking is one byte compare per write.
 */
export class KeyContext {
  /** The user's key object, as passed to setCurrentKey (undefined until the first key is set). */
  key: unknown = undefined;
  normalizedKey: NormalizedKey = '';
  keyGroup = -1;
  /** keyGroup minus the first key group of the range: the index into per-key-group arrays; -1 while no key is set. */
  offset = -1;
  private readonly dirty: Uint8Array;
  private dirtyList: number[] = [];

  constructor(
    readonly startKeyGroup: number,
    readonly numberOfKeyGroups: number,
  ) {
    this.dirty = new Uint8Array(numberOfKeyGroups);
  }

  /** Records that state of the current key group changed (or was handed out by reference). */
  markDirty(): void {
    const offset = this.offset;
    if (this.dirty[offset] === 0) {
      this.dirty[offset] = 1;
      this.dirtyList.push(offset + this.startKeyGroup);
    }
  }

  /** Marks a key group dirty by its absolute index (restores write outside the current key). */
  markKeyGroupDirty(keyGroup: number): void {
    const offset = keyGroup - this.startKeyGroup;
    if (this.dirty[offset] === 0) {
      this.dirty[offset] = 1;
      this.dirtyList.push(keyGroup);
    }
  }

  /** Key groups changed since the last markClean(), ascending. */
  dirtyKeyGroups(): number[] {
    return this.dirtyList.slice().sort((a, b) => a - b);
  }

  markClean(): void {
    this.dirty.fill(0);
    this.dirtyList = [];
  }
}
