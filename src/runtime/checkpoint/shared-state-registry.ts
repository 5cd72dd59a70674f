import { type CheckpointMetadata, sharedFilesOf } from './checkpoint-metadata.js';

// Reference counts of the files in a job's shared/ directory (Flink's SharedStateRegistry): each retained completed
// checkpoint counts once for every shared file it references (its subtasks' increments and the files they build on).
// A file is deleted when its count drops to zero, i.e. when the last retained checkpoint that references it is
// subsumed or discarded. Rebuilt from the retained checkpoints' metadata when the store recovers, so a restarted
// JobManager never deletes a file a retained checkpoint still needs. Contract: JobMaster thread only.

export class SharedStateRegistry {
  private readonly counts = new Map<string, number>();

  /** Counts the shared files of a checkpoint that is now retained. */
  register(metadata: CheckpointMetadata): void {
    for (const path of sharedFilesOf(metadata)) this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
  }

  /** A checkpoint is no longer retained: returns the shared files no retained checkpoint references any more. */
  unregister(metadata: CheckpointMetadata): string[] {
    const unused: string[] = [];
    for (const path of sharedFilesOf(metadata)) {
      const count = (this.counts.get(path) ?? 0) - 1;
      if (count > 0) this.counts.set(path, count);
      else {
        this.counts.delete(path);
        unused.push(path);
      }
    }
    return unused;
  }

  /** How many retained checkpoints reference `path` (0: none). */
  referenceCount(path: string): number {
    return this.counts.get(path) ?? 0;
  }

  /** Every shared file some retained checkpoint references. */
  files(): string[] {
    return [...this.counts.keys()];
  }
}
