// Iterators that operators handed to Output.collectLazily, drained by the task between availability checks. A
// stack: an iterator registered while another is being drained (a lazy flatMap after a lazy flatMap) is drained
// first, so records leave in the same order as if every iterator had been iterated eagerly.

interface Pending {
  readonly values: Iterator<unknown>;
  readonly timestamp: number;
  readonly emit: (value: unknown, timestamp: number) => void;
}

export class PendingEmissions {
  private readonly stack: Pending[] = [];

  get isEmpty(): boolean {
    return this.stack.length === 0;
  }

  push(values: Iterator<unknown>, timestamp: number, emit: (value: unknown, timestamp: number) => void): void {
    this.stack.push({ values, timestamp, emit });
  }

  /** Emits up to `budget` values; the caller checks output availability between calls. True when all are out. */
  drain(budget: number): boolean {
    let left = budget;
    while (this.stack.length > 0 && left > 0) {
      const top = this.stack[this.stack.length - 1];
      const next = top.values.next();
      if (next.done === true) {
        this.stack.pop();
        continue;
      }
      left--;
      top.emit(next.value, top.timestamp);
    }
    return this.stack.length === 0;
  }
}
