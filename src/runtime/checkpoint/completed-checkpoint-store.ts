// The completed checkpoints of one job, newest last, as Flink's DefaultCompletedCheckpointStore keeps them: adding
// one beyond `numRetained` subsumes (discards) the oldest; on a terminal job status the retention setting decides
// whether the rest are discarded. `recover` rebuilds the store from the checkpoint directory after a restart and
// skips a checkpoint whose `_metadata` is missing or corrupt, warning with its path, so the previous one is used.
// Files in shared/ (incremental checkpoints) are reference-counted by the retained checkpoints (SharedStateRegistry):
// discarding a checkpoint deletes its directory and only the shared files no retained checkpoint references.
// Contract: called only on the JobMaster thread; calls are not concurrent (each awaits the previous).

import type { CheckpointMetadata } from './checkpoint-metadata.js';
import type { CheckpointStorage } from './checkpoint-storage.js';
import type { ExternalizedCheckpointRetention } from './checkpoint-storage-options.js';
import { SharedStateRegistry } from './shared-state-registry.js';

export interface CompletedCheckpoint {
  readonly checkpointId: number;
  readonly pointer: string;
  readonly metadata: CheckpointMetadata;
}

/** The job statuses after which a store shuts down (Flink's globally terminal states, plus SUSPENDED). */
export type TerminalJobStatus = 'FINISHED' | 'CANCELED' | 'FAILED' | 'SUSPENDED';

/** Splits ids (ascending) into those kept and those subsumed when at most `numRetained` are kept. Pure. */
export function subsume<T extends { readonly checkpointId: number }>(
  checkpoints: readonly T[],
  numRetained: number,
): { retained: T[]; subsumed: T[] } {
  const cut = Math.max(0, checkpoints.length - Math.max(1, numRetained));
  return { retained: checkpoints.slice(cut), subsumed: checkpoints.slice(0, cut) };
}

/** Whether checkpoints are discarded when the job reaches `status`, per Flink's CheckpointProperties. Pure. */
export function discardsOnShutdown(retention: ExternalizedCheckpointRetention, status: TerminalJobStatus): boolean {
  switch (status) {
    case 'FINISHED':
      return true;
    case 'CANCELED':
      return retention !== 'RETAIN_ON_CANCELLATION';
    case 'FAILED':
    case 'SUSPENDED':
      return retention === 'NO_EXTERNALIZED_CHECKPOINTS';
    default: {
      const unreachable: never = status;
      throw new Error(`Unknown job status ${String(unreachable)}`);
    }
  }
}

/** Checks that a checkpoint's state files are all there and intact; throws an Error naming the bad file. */
export type CheckpointVerifier = (checkpoint: CompletedCheckpoint) => Promise<void>;

export class CompletedCheckpointStore {
  private checkpoints: CompletedCheckpoint[] = [];
  readonly sharedState = new SharedStateRegistry();

  constructor(
    private readonly storage: CheckpointStorage,
    readonly numRetained: number,
    private readonly retention: ExternalizedCheckpointRetention,
    /** Run by latestValid on the candidate for a restore, after its `_metadata` read back. */
    private readonly verify: CheckpointVerifier = async () => {},
  ) {
    if (!Number.isSafeInteger(numRetained) || numRetained < 1) {
      throw new RangeError(`numRetained must be a positive integer, got ${numRetained}`);
    }
  }

  /**
   * Rebuilds the store from the storage's checkpoint directories. A directory without a readable `_metadata` (a
   * crash before completion, a torn or edited file) is reported through `warn` with its path and skipped; it is not
   * deleted, so an operator can inspect it.
   */
  static async recover(
    storage: CheckpointStorage,
    numRetained: number,
    retention: ExternalizedCheckpointRetention,
    warn: (message: string) => void = (m) => process.emitWarning(m),
    verify?: CheckpointVerifier,
  ): Promise<CompletedCheckpointStore> {
    const store = new CompletedCheckpointStore(storage, numRetained, retention, verify);
    const locations = await storage.listCheckpoints();
    for (const location of locations) {
      try {
        const metadata = await storage.readMetadata(location.pointer);
        store.checkpoints.push({ checkpointId: location.checkpointId, pointer: location.pointer, metadata });
      } catch (e) {
        warn(
          `Skipping checkpoint ${location.checkpointId} at '${location.pointer}': ${describeError(e)}. ` +
            'The previous complete checkpoint will be used instead.',
        );
      }
    }
    // Older checkpoints beyond numRetained are left alone (not deleted): their shared files may be the retained ones'.
    store.checkpoints = subsume(store.checkpoints, numRetained).retained;
    for (const checkpoint of store.checkpoints) store.sharedState.register(checkpoint.metadata);
    return store;
  }

  /** Adds a checkpoint whose `_metadata` was written, then discards the ones it subsumes. */
  async addCheckpoint(checkpoint: CompletedCheckpoint): Promise<readonly CompletedCheckpoint[]> {
    const latest = this.latest();
    if (latest !== undefined && checkpoint.checkpointId <= latest.checkpointId) {
      throw new RangeError(
        `Checkpoint ${checkpoint.checkpointId} is not newer than the latest completed one (${latest.checkpointId})`,
      );
    }
    const { retained, subsumed } = subsume([...this.checkpoints, checkpoint], this.numRetained);
    this.checkpoints = retained;
    this.sharedState.register(checkpoint.metadata);
    for (const old of subsumed) await this.discard(old);
    return subsumed;
  }

  /** Deletes a checkpoint that is no longer retained: its directory and the shared files nothing else references. */
  private async discard(checkpoint: CompletedCheckpoint): Promise<void> {
    const unused = this.sharedState.unregister(checkpoint.metadata);
    await this.storage.discard(checkpoint.pointer);
    for (const path of unused) await this.storage.discardSharedState(checkpoint.pointer, path);
  }

  /** The newest completed checkpoint, undefined when there is none. */
  latest(): CompletedCheckpoint | undefined {
    return this.checkpoints.at(-1);
  }

  /**
   * The newest checkpoint whose `_metadata` still reads back and verifies; one that went missing or corrupt since
   * it completed is reported through `warn` (naming its path) and dropped from the store, and the previous is tried.
   */
  async latestValid(
    warn: (message: string) => void = (m) => process.emitWarning(m),
  ): Promise<CompletedCheckpoint | undefined> {
    for (let i = this.checkpoints.length - 1; i >= 0; i--) {
      const candidate = this.checkpoints[i] as CompletedCheckpoint;
      try {
        const metadata = await this.storage.readMetadata(candidate.pointer);
        await this.verify({ ...candidate, metadata });
        return { ...candidate, metadata };
      } catch (e) {
        warn(
          `Checkpoint ${candidate.checkpointId} at '${candidate.pointer}' cannot be restored: ${describeError(e)}. ` +
            (i > 0 ? `Falling back to checkpoint ${this.checkpoints[i - 1]?.checkpointId}.` : 'No older checkpoint.'),
        );
        // Its files are kept for inspection; the shared ones it alone referenced are no longer counted.
        this.checkpoints.splice(i, 1);
        this.sharedState.unregister(candidate.metadata);
      }
    }
    return undefined;
  }

  all(): readonly CompletedCheckpoint[] {
    return this.checkpoints;
  }

  /** Called once when the job reaches `status`; discards every checkpoint unless the retention keeps them. */
  async shutdown(status: TerminalJobStatus): Promise<void> {
    if (!discardsOnShutdown(this.retention, status)) return;
    for (const checkpoint of this.checkpoints) await this.discard(checkpoint);
    this.checkpoints = [];
  }
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return `its ${err.path ?? '_metadata'} is missing (the checkpoint never completed)`;
  return err instanceof Error ? err.message : String(e);
}
