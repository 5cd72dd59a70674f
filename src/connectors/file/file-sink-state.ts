// Plain data the FileSink keeps in checkpoints: committables (closed parts waiting for their rename) and the writer's
// per-bucket state (the in-progress part and how much of it is valid). Both must survive the state codec, so they
// hold strings and numbers only, and each entry stands alone (list state may be split over subtasks on rescale).

/** A closed part file: commit renames `pendingPath` (hidden) to `finalPath` (visible). */
export interface FileSinkCommittable {
  readonly bucketId: string;
  readonly pendingPath: string;
  readonly finalPath: string;
}

/** One bucket's in-progress part at a checkpoint (Flink's FileWriterBucketState with a local recoverable). */
export interface FileWriterBucketState {
  readonly bucketId: string;
  readonly bucketPath: string;
  /** The hidden file being written. */
  readonly inProgressPath: string;
  /** Its name once committed. */
  readonly finalPath: string;
  /** Bytes flushed and synced at the checkpoint; on restore the file is truncated to this length. */
  readonly validLength: number;
  readonly creationTime: number;
  readonly lastUpdateTime: number;
}
