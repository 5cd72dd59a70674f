import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { FileSinkCommittable, FileWriterBucketState } from './file-sink-state.js';
import { InProgressPart } from './in-progress-part.js';
import { inProgressPath, type OutputFileConfig, partFileName } from './output-file-config.js';
import type { RollingPolicy } from './rolling-policy.js';

/**
 * One bucket (directory) of a FileSink writer (Flink's FileWriterBucket): at most one in-progress part, the parts
 * rolled since the last flush (still to be closed), and the closed parts waiting for the next prepareCommit.
 * Task thread only; write() is per record and synchronous, the rest is awaited by the writer.
 */
export class FileWriterBucket<IN> {
  private inProgress: InProgressPart | undefined;
  private readonly rolled: InProgressPart[] = [];
  private readonly pending: FileSinkCommittable[] = [];
  /** Names are `<prefix>-<uuid>-<subtask>-<count><suffix>`; a fresh uuid per bucket instance keeps restarts apart. */
  private readonly uniqueId = randomUUID();
  private partCounter = 0;

  constructor(
    readonly bucketId: string,
    readonly bucketPath: string,
    private readonly subtask: number,
    private readonly policy: RollingPolicy<IN>,
    private readonly fileConfig: OutputFileConfig,
  ) {}

  /** Resumes the in-progress part of a checkpoint; a second one (after rescaling) is closed and committed later. */
  restore(state: FileWriterBucketState): void {
    const part = InProgressPart.resume(state);
    if (this.inProgress === undefined) this.inProgress = part;
    else this.rolled.push(part);
  }

  /** Per record; returns the bytes buffered. */
  write(element: IN, data: string | Uint8Array, now: number): number {
    let part = this.inProgress;
    if (part === undefined || this.policy.shouldRollOnEvent(part, element)) part = this.roll(now);
    return part.append(data, now);
  }

  /** At a flush: rolls on processing time, closes rolled parts, writes the in-progress part's buffer. */
  async flush(now: number, checkTime: boolean): Promise<void> {
    const part = this.inProgress;
    if (checkTime && part !== undefined && this.policy.shouldRollOnProcessingTime(part, now)) this.rollOut();
    await this.closeRolled();
    if (this.inProgress?.hasBuffered) await this.inProgress.flush();
  }

  /**
   * At a checkpoint (after flush) or the end of input: rolls when the policy says so (always at the end), closes
   * rolled parts, syncs the in-progress part so its valid length can go into state, and hands over the closed parts.
   */
  async prepareCommit(endOfInput: boolean, syncInProgress: boolean): Promise<FileSinkCommittable[]> {
    const part = this.inProgress;
    if (part !== undefined && (endOfInput || this.policy.shouldRollOnCheckpoint(part))) this.rollOut();
    await this.closeRolled();
    if (syncInProgress) await this.inProgress?.sync();
    return this.pending.splice(0, this.pending.length);
  }

  /** The in-progress part's state, or undefined when there is none (then the bucket has nothing to restore). */
  snapshotState(): FileWriterBucketState | undefined {
    return this.inProgress?.state(this.bucketPath);
  }

  /** False when nothing is open or waiting: the writer may forget the bucket. */
  get isActive(): boolean {
    return this.inProgress !== undefined || this.rolled.length > 0 || this.pending.length > 0;
  }

  async dispose(): Promise<void> {
    const parts = this.inProgress === undefined ? this.rolled : [...this.rolled, this.inProgress];
    this.inProgress = undefined;
    this.rolled.length = 0;
    await Promise.all(parts.map((p) => p.dispose()));
  }

  private roll(now: number): InProgressPart {
    this.rollOut();
    const finalPath = join(
      this.bucketPath,
      partFileName(this.fileConfig, this.uniqueId, this.subtask, this.partCounter),
    );
    this.partCounter++;
    const part = InProgressPart.create(this.bucketId, inProgressPath(finalPath, randomUUID()), finalPath, now);
    this.inProgress = part;
    return part;
  }

  private rollOut(): void {
    if (this.inProgress === undefined) return;
    this.rolled.push(this.inProgress);
    this.inProgress = undefined;
  }

  private async closeRolled(): Promise<void> {
    while (this.rolled.length > 0) {
      const part = this.rolled[0] as InProgressPart;
      this.pending.push(await part.close());
      this.rolled.shift();
    }
  }
}
