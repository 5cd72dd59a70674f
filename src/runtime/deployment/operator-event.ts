// Messages between a source reader (in a slot worker) and its split enumerator (in the JobMaster's coordinator
// worker), Flink's OperatorEvents. Splits are plain, structured-cloneable data.

export type ReaderToCoordinatorEvent =
  | { readonly kind: 'reader-registered'; readonly subtask: number }
  | { readonly kind: 'split-request'; readonly subtask: number }
  | { readonly kind: 'source-event'; readonly subtask: number; readonly event: unknown }
  /** A reader that stops (cancel, failure) hands its unfinished splits back for reassignment. */
  | { readonly kind: 'splits-back'; readonly subtask: number; readonly splits: readonly unknown[] };

export type CoordinatorToReaderEvent =
  | { readonly kind: 'add-splits'; readonly splits: readonly unknown[] }
  | { readonly kind: 'no-more-splits' }
  | { readonly kind: 'source-event'; readonly event: unknown };
