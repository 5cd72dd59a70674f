// One subtask's chain of incremental checkpoint files (decision 24): a full base file, then increments that each
// hold the changes since the checkpoint before. Decides per checkpoint whether to write an increment or a full
// file again (materialization, decision 25) and which files a handle references. Pure bookkeeping, no I/O.
// Contract: task thread only, owned by one SubtaskCheckpointer.

export type { SharedStateFile };

import type { SharedStateFile } from './checkpoint-metadata.js';

/** When a full snapshot is written again instead of one more increment. */
export interface IncrementalLimits {
  /** At most this many files in a chain (the base included): restore reads them all. */
  readonly maxChainLength: number;
  /** A full snapshot once the increments since the base add up to more than this fraction of the base's size. */
  readonly maxSizeRatio: number;
  /** A full snapshot once the base is this old (Flink: state.backend.changelog.periodic-materialize.interval). */
  readonly materializeIntervalMs: number;
}

interface TakenSnapshot {
  /** The confirmed checkpoint it builds on; undefined for a full snapshot. */
  readonly base: number | undefined;
  /** The files of `base` when the snapshot was taken. */
  readonly baseFiles: readonly SharedStateFile[];
  /** When the chain's full base was taken (this snapshot's time when full). */
  readonly baseTimeMs: number;
  /** Its chain, base first, once its own file is written. */
  files?: readonly SharedStateFile[];
}

export class IncrementalChain {
  private confirmedId: number | undefined = undefined;
  private confirmedFiles: readonly SharedStateFile[] = [];
  private confirmedBaseTimeMs = 0;
  /** Checkpoint snapshots taken and not yet confirmed, aborted or subsumed, by id. */
  private readonly taken = new Map<number, TakenSnapshot>();

  constructor(private readonly limits: IncrementalLimits) {}

  /**
   * What checkpoint `checkpointId` builds on: the last confirmed checkpoint, or undefined for a full snapshot.
   * Full when nothing is confirmed yet, when `requireFull`, when the chain reached a limit, or when a snapshot taken
   * after the confirmed one did not build on it: should that one complete, the confirmed checkpoint is subsumed and
   * its files may be deleted, so nothing new may reference them.
   */
  baseFor(nowMs: number, requireFull: boolean): number | undefined {
    const confirmed = this.confirmedId;
    if (requireFull || confirmed === undefined) return undefined;
    for (const [id, snapshot] of this.taken) if (id > confirmed && snapshot.base !== confirmed) return undefined;
    const files = this.confirmedFiles;
    const { maxChainLength, maxSizeRatio, materializeIntervalMs } = this.limits;
    if (files.length >= maxChainLength) return undefined;
    let increments = 0;
    for (let i = 1; i < files.length; i++) increments += files[i].sizeBytes;
    if (increments > maxSizeRatio * files[0].sizeBytes) return undefined;
    if (nowMs - this.confirmedBaseTimeMs >= materializeIntervalMs) return undefined;
    return confirmed;
  }

  /**
   * After a restore from `checkpointId` of this job, whose files for this subtask are `files` (base first): later
   * increments build on it as if this subtask had written it (the restore read exactly that state).
   */
  continueFrom(checkpointId: number, files: readonly SharedStateFile[], nowMs: number): void {
    this.confirmedId = checkpointId;
    this.confirmedFiles = files;
    this.confirmedBaseTimeMs = nowMs;
  }

  /** A checkpoint snapshot was taken building on `base` (from baseFor). */
  onTaken(checkpointId: number, base: number | undefined, nowMs: number): void {
    const full = base === undefined;
    this.taken.set(checkpointId, {
      base,
      baseFiles: full ? [] : this.confirmedFiles,
      baseTimeMs: full ? nowMs : this.confirmedBaseTimeMs,
    });
  }

  /** The snapshot's file was written; returns the chain its handle references (base first, this file last). */
  onWritten(checkpointId: number, file: SharedStateFile): readonly SharedStateFile[] {
    const snapshot = this.taken.get(checkpointId);
    if (snapshot === undefined) return [file];
    snapshot.files = [...snapshot.baseFiles, file];
    return snapshot.files;
  }

  /**
   * Checkpoint `checkpointId` completed: it becomes the base of later increments if this subtask wrote a file for
   * it (returns true; the state backends then confirm it too). Older snapshots are resolved either way.
   */
  onCompleted(checkpointId: number): boolean {
    const snapshot = this.taken.get(checkpointId);
    for (const id of [...this.taken.keys()]) if (id <= checkpointId) this.taken.delete(id);
    if (snapshot?.files === undefined) return false;
    this.confirmedId = checkpointId;
    this.confirmedFiles = snapshot.files;
    this.confirmedBaseTimeMs = snapshot.baseTimeMs;
    return true;
  }

  onAborted(checkpointId: number): void {
    this.taken.delete(checkpointId);
  }
}
