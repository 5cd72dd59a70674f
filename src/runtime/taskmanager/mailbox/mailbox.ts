import type { MailboxExecutor } from '../../../api/operators/stream-operator.js';

// A task's mailbox (Flink's TaskMailbox): timers, async results and control actions are queued here and run on the
// task's loop between input batches, one at a time, so operators never run re-entrantly. Processing input is the
// loop's default action and is not a mail.

interface Mail {
  readonly action: () => void;
  readonly description: string;
}

export class Mailbox implements MailboxExecutor {
  private queue: Mail[] = [];
  // Several waiters at once: the task loop, and its wait for operators to finish (which itself drains pending
  // emissions and may wait for mail), must all wake on the next mail.
  private waiters: Array<() => void> = [];
  private closed = false;

  execute(action: () => void, description: string): void {
    if (this.closed) return;
    this.queue.push({ action, description });
    this.wakeUp();
  }

  get size(): number {
    return this.queue.length;
  }

  /** Runs every queued mail, including mails queued while draining. Throws the first mail's error. */
  drain(): void {
    while (this.queue.length > 0) {
      const mails = this.queue;
      this.queue = [];
      for (let i = 0; i < mails.length; i++) {
        try {
          mails[i].action();
        } catch (error) {
          // Keep the rest: the task fails with this error and closes; later mails are dropped with it.
          this.queue = mails.slice(i + 1).concat(this.queue);
          throw error;
        }
      }
    }
  }

  /** Resolves when a mail arrives (or right away if one is queued). Called on the task's thread. */
  whenMail(): Promise<void> {
    if (this.queue.length > 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
    });
  }

  /** Wakes every waiter without a mail (e.g. cancellation, input arrived). */
  wakeUp(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    this.wakeUp();
  }
}
