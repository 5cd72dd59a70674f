import type { ProcessingTimeService } from '../api/operators/timers.js';

// The one processing-time clock of a JobTestDriver: it moves only when the test says. Unlike the runtime's
// ManualProcessingTimeService it hands control back after every callback (`afterEach`), so the driver can let the
// records a timer emitted travel through the job before the next timer fires, as the tasks' mailboxes would.
// Contract: test thread only; callbacks may register further callbacks (due ones run in the same advance).

interface Callback {
  readonly time: number;
  readonly seq: number;
  readonly run: (time: number) => void;
  cancelled: boolean;
}

export class DriverClock implements ProcessingTimeService {
  private now: number;
  private seq = 0;
  /** Kept sorted by (time, seq): few callbacks are pending in a test, so an insertion sort is enough. */
  private readonly queue: Callback[] = [];

  constructor(
    startTime: number,
    private readonly afterEach: () => void,
  ) {
    this.now = startTime;
  }

  getCurrentProcessingTime(): number {
    return this.now;
  }

  registerTimer(time: number, callback: (time: number) => void): { cancel(): void } {
    const entry: Callback = { time, seq: this.seq++, run: callback, cancelled: false };
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].time > time) i--;
    this.queue.splice(i, 0, entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Pending callbacks (timers of every operator, periodic watermark emitters, ...). */
  get pending(): number {
    let n = 0;
    for (const c of this.queue) if (!c.cancelled) n++;
    return n;
  }

  /** Sets the time to `time`, running every callback due by then in time order, each followed by `afterEach`. */
  advanceTo(time: number): void {
    if (!(time >= this.now)) {
      throw new RangeError(
        `advanceProcessingTime: the clock cannot go back from ${this.now} to ${time}; processing time only moves forward`,
      );
    }
    for (let head = this.queue[0]; head !== undefined && head.time <= time; head = this.queue[0]) {
      this.queue.shift();
      if (head.cancelled) continue;
      if (head.time > this.now) this.now = head.time;
      head.run(head.time);
      this.afterEach();
    }
    this.now = time;
  }
}
