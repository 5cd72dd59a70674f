import type { SplitEnumerator, SplitEnumeratorContext } from '../../api/source/source.js';
import type { NexmarkSplit } from './nexmark-split.js';

// Hands the fixed set of generator splits to readers. Split i belongs to subtask i mod parallelism, so with
// num.event.generators = parallelism (the default) every reader runs exactly one generator, as in the nexmark
// project. A reader gets its splits when it registers or asks, followed by "no more splits". Called only from the
// coordinator's thread (JobMaster), one method at a time.

/** What the enumerator checkpoints: the splits not handed out yet. Assigned splits live in the readers' state. */
export interface NexmarkEnumeratorState {
  readonly pendingSplits: readonly NexmarkSplit[];
}

export class NexmarkSplitEnumerator implements SplitEnumerator<NexmarkSplit, NexmarkEnumeratorState> {
  private readonly context: SplitEnumeratorContext<NexmarkSplit>;
  private pending: NexmarkSplit[];

  constructor(context: SplitEnumeratorContext<NexmarkSplit>, pendingSplits: readonly NexmarkSplit[]) {
    this.context = context;
    this.pending = [...pendingSplits];
  }

  start(): void {
    for (const subtask of this.context.registeredReaders()) this.assignTo(subtask);
  }

  handleSplitRequest(subtaskId: number): void {
    // A reader that failed between asking and now is skipped; its replacement registers again.
    if (this.context.registeredReaders().has(subtaskId)) this.assignTo(subtaskId);
  }

  addSplitsBack(splits: NexmarkSplit[], subtaskId: number): void {
    this.pending.push(...splits);
    // The failed reader's replacement may already have registered; it would not ask again.
    if (this.context.registeredReaders().has(subtaskId)) this.assignTo(subtaskId);
  }

  addReader(subtaskId: number): void {
    this.assignTo(subtaskId);
  }

  snapshotState(_checkpointId: number): NexmarkEnumeratorState {
    return { pendingSplits: [...this.pending] };
  }

  close(): void {}

  /** Gives `subtask` every pending split it owns, then tells it there will be no more. */
  private assignTo(subtask: number): void {
    const parallelism = this.context.currentParallelism();
    const mine: NexmarkSplit[] = [];
    const rest: NexmarkSplit[] = [];
    for (const split of this.pending) (split.generatorIndex % parallelism === subtask ? mine : rest).push(split);
    this.pending = rest;
    if (mine.length > 0) this.context.assignSplits(new Map([[subtask, mine]]));
    this.context.signalNoMoreSplits(subtask);
  }
}
