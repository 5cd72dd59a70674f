// Which bucket (sub-directory of the base path) a record goes to (Flink's BucketAssigner). Called per record on the
// task's thread: keep it cheap and allocation-free where possible (return a cached string while it does not change).

/** What a bucket assigner may look at besides the record. */
export interface BucketAssignerContext {
  /** Epoch ms of the wall clock (read once per call, not per bucket). */
  currentProcessingTime(): number;
  currentWatermark(): number;
  /** The record's timestamp, or undefined when it has none. */
  timestamp(): number | undefined;
}

export interface BucketAssigner<IN> {
  /** A relative directory path ('' = the base path itself); must not contain '..' segments. */
  getBucketId(element: IN, context: BucketAssignerContext): string;
}

/** Writes every record to the base path itself (Flink's BasePathBucketAssigner). */
export class BasePathBucketAssigner<IN = unknown> implements BucketAssigner<IN> {
  getBucketId(_element: IN, _context: BucketAssignerContext): string {
    return '';
  }
}
