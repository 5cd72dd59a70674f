// Which splits the enumerators assigned to which reader since the checkpoints a restart may restore (Flink's
// SplitAssignmentTracker). When a pipelined region restarts, its readers restore the splits of the checkpoint
// restored; what the enumerator assigned them after that checkpoint's enumerator snapshot must go back to the
// enumerator (addSplitsBack), as the enumerator itself is not reset. Contract: coordinator worker thread only.

/** Assignments of one source (one enumerator), by subtask. */
type Assignments = Map<number, unknown[]>;

export class SplitAssignmentTracker {
  /** Assignments since the newest enumerator snapshot. */
  private uncheckpointed: Assignments = new Map();
  /** Assignments made before each snapshot (and after the previous one), by checkpoint id, in ascending id order. */
  private readonly byCheckpoint = new Map<number, Assignments>();

  /** The enumerator assigned `splits` to `subtask`. */
  record(subtask: number, splits: readonly unknown[]): void {
    if (splits.length === 0) return;
    const list = this.uncheckpointed.get(subtask);
    if (list === undefined) this.uncheckpointed.set(subtask, [...splits]);
    else list.push(...splits);
  }

  /** The enumerator's state was snapshotted for `checkpointId`: what was assigned so far belongs to it. */
  onSnapshot(checkpointId: number): void {
    if (this.uncheckpointed.size === 0) return;
    this.byCheckpoint.set(checkpointId, this.uncheckpointed);
    this.uncheckpointed = new Map();
  }

  /**
   * No restart will restore from a checkpoint older than `oldestRestorable` any more: assignments covered by it
   * (snapshots up to and including it) are forgotten.
   */
  forgetUpTo(oldestRestorable: number): void {
    for (const id of [...this.byCheckpoint.keys()]) if (id <= oldestRestorable) this.byCheckpoint.delete(id);
  }

  /**
   * The splits assigned to `subtask` after the snapshot of `restoredCheckpointId` (every split tracked when
   * undefined: the readers start from no checkpoint of this enumerator), removed from the tracker.
   */
  takeSince(subtask: number, restoredCheckpointId: number | undefined): unknown[] {
    const splits: unknown[] = [];
    for (const [id, assignments] of this.byCheckpoint) {
      if (restoredCheckpointId !== undefined && id <= restoredCheckpointId) continue;
      const list = assignments.get(subtask);
      if (list === undefined) continue;
      splits.push(...list);
      assignments.delete(subtask);
    }
    splits.push(...(this.uncheckpointed.get(subtask) ?? []));
    this.uncheckpointed.delete(subtask);
    return splits;
  }
}
