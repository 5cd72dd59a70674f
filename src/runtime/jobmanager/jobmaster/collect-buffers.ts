// Batches that collect sinks (executeAndCollect) sent home, held by the JobMaster until the client polls them.

interface Stream {
  readonly batches: unknown[][];
  done: boolean;
  waiter: (() => void) | undefined;
}

export class CollectBuffers {
  private readonly streams = new Map<string, Stream>();

  private stream(id: string): Stream {
    let s = this.streams.get(id);
    if (s === undefined) {
      s = { batches: [], done: false, waiter: undefined };
      this.streams.set(id, s);
    }
    return s;
  }

  add(id: string, values: unknown[], last: boolean): void {
    const s = this.stream(id);
    if (values.length > 0) s.batches.push(values);
    if (last) s.done = true;
    this.wake(s);
  }

  /** Ends every stream (the job reached a terminal state). */
  endAll(): void {
    for (const s of this.streams.values()) {
      s.done = true;
      this.wake(s);
    }
    this.ended = true;
  }

  private ended = false;

  /**
   * Next values (all batches queued so far); waits up to `waitMs` when none is queued and the stream is open, then
   * answers with no values (a long poll that stays within RPC timeouts).
   */
  async poll(id: string, jobEnded: boolean, waitMs = 1000): Promise<{ values: unknown[]; done: boolean }> {
    const s = this.stream(id);
    if (this.ended || jobEnded) s.done = true;
    if (s.batches.length === 0 && !s.done) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        s.waiter = resolve;
        timer = setTimeout(resolve, waitMs);
      });
      clearTimeout(timer);
      s.waiter = undefined;
    }
    const values = s.batches.length === 1 ? s.batches[0] : s.batches.flat();
    s.batches.length = 0;
    return { values, done: s.done };
  }

  private wake(s: Stream): void {
    const w = s.waiter;
    s.waiter = undefined;
    w?.();
  }
}
