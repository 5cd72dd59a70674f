// Flink's `taskmanager.network.memory.max-overdraft-buffers-per-gate` (default 5): buffers a producer may use beyond
// its credit while it finishes the output of one input record. Flink blocks the task thread inside flatMap until a
// buffer frees; a synchronous JS chain cannot, so the task checks availability between input records and the
// overdraft absorbs what one record fans out. One budget is shared by the channels of one RecordWriter.

export const DEFAULT_MAX_OVERDRAFT_BUFFERS = 5;

export class OverdraftBudget {
  /** Overdraft buffers in use now, over all channels sharing the budget. */
  used = 0;

  constructor(readonly max = DEFAULT_MAX_OVERDRAFT_BUFFERS) {
    if (!Number.isInteger(max) || max < 0) {
      throw new RangeError(
        `OverdraftBudget: max must be a non-negative integer (taskmanager.network.memory.max-overdraft-buffers-per-gate), got ${max}`,
      );
    }
  }

  /**
   * Takes one buffer beyond credit, or throws the error that explains the cap. `where` names the channel.
   * `beyondCap` is for the final end-of-partition buffer only: the task is done and the buffer is tiny.
   */
  acquire(where: string, beyondCap = false): void {
    if (this.used >= this.max && !beyondCap) {
      throw new Error(
        `${where}: out of credit and out of overdraft: ${this.used} overdraft buffers already in use ` +
          `(taskmanager.network.memory.max-overdraft-buffers-per-gate = ${this.max}). One input record fanned out ` +
          'more output than credit plus overdraft hold without the task yielding (a flatMap, timer or window ' +
          'firing emitting too much at once). The task must check output availability between input records; ' +
          'emit large results in slices, or raise the overdraft setting.',
      );
    }
    this.used++;
  }

  release(): void {
    if (this.used > 0) this.used--;
  }
}
