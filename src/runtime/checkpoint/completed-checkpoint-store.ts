// The completed checkpoints of one job, newest last, as Flink's DefaultCompletedCheckpointStore keeps them: adding
// one beyond `numRetained` subsumes (discards) the oldest; on a terminal job status the retention setting decides
// whether the rest are discarded. `recover` rebuilds the store from the checkpoint directory after a restart and
// skips a checkpoint whose `_metadata` is missing or corrupt, warning with its path, so the previous one is used.
// Contract: called only on the JobMaster thread; calls are not concurrent (each awaits the previous).

import type { CheckpointMetadata } from './checkpoint-metadata.js';
import type { CheckpointStorage } from './checkpoint-storage.js';
import type { ExternalizedCheckpointRetention } from './checkpoint-storage-options.js';

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

export class CompletedCheckpointStore {
  private checkpoints: CompletedCheckpoint[] = [];

  constructor(
    private readonly storage: CheckpointStorage,
    readonly numRetained: number,
    private readonly retention: ExternalizedCheckpointRetention,
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
  ): Promise<CompletedCheckpointStore> {
    const store = new CompletedCheckpointStore(storage, numRetained, retention);
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
    store.checkpoints = subsume(store.checkpoints, numRetained).retained;
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
    for (const old of subsumed) await this.storage.discard(old.pointer);
    return subsumed;
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
        return { ...candidate, metadata };
      } catch (e) {
        warn(
          `Checkpoint ${candidate.checkpointId} at '${candidate.pointer}' cannot be restored: ${describeError(e)}. ` +
            (i > 0 ? `Falling back to checkpoint ${this.checkpoints[i - 1]?.checkpointId}.` : 'No older checkpoint.'),
        );
        this.checkpoints.splice(i, 1);
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
    for (const checkpoint of this.checkpoints) await this.storage.discard(checkpoint.pointer);
    this.checkpoints = [];
  }
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return `its ${err.path ?? '_metadata'} is missing (the checkpoint never completed)`;
  return err instanceof Error ? err.message : String(e);
}
