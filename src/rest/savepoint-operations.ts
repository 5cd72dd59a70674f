// Savepoint and stop-with-savepoint requests as Flink's asynchronous operations: POST answers a trigger id at once,
// GET /jobs/:jobid/savepoints/:triggerid reports IN_PROGRESS until the savepoint settled, then its location or
// failure (Flink's CompletedOperationCache, keyed by job and trigger id). Contract: the REST server's thread only.
import { randomBytes } from 'node:crypto';

/** Flink's QueueStatus.Id. */
export type QueueStatusId = 'IN_PROGRESS' | 'COMPLETED';

/** Flink's SerializedThrowable as its serializer writes it. */
export interface SerializedThrowableBody {
  readonly class: string;
  readonly 'stack-trace': string;
  /** Flink: the Java-serialized exception in base64; here the message, base64-encoded as UTF-8. */
  readonly 'serialized-throwable': string;
}

/** GET /jobs/:jobid/savepoints/:triggerid (AsynchronousOperationResult with a SavepointInfo). */
export interface SavepointStatusBody {
  readonly status: { readonly id: QueueStatusId };
  readonly operation: { readonly location: string } | { readonly 'failure-cause': SerializedThrowableBody } | null;
}

type Outcome =
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'completed'; readonly location: string }
  | { readonly kind: 'failed'; readonly error: Error };

interface Operation {
  outcome: Outcome;
  /** A client read the settled outcome at least once. */
  fetched: boolean;
}

/** Settled results are kept for the newest this many operations (Flink keeps them for rest.async.store-duration). */
const MAX_OPERATIONS = 1000;

export class SavepointOperations {
  private readonly operations = new Map<string, Operation>();
  private readonly settledListeners = new Set<() => void>();

  /**
   * Starts `run` under a new trigger id (or the client's `triggerId`) and returns that id. Throws when the client's
   * id is already in use for the job (Flink answers 409 then: the caller maps it).
   */
  start(jobId: string, triggerId: string | undefined, run: () => Promise<string>): string {
    const id = triggerId ?? randomBytes(16).toString('hex');
    const key = keyOf(jobId, id);
    if (this.operations.has(key)) throw new DuplicateTriggerError(id);
    const op: Operation = { outcome: { kind: 'in-progress' }, fetched: false };
    this.operations.set(key, op);
    this.evict();
    run().then(
      (location) => this.settle(op, { kind: 'completed', location }),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        this.settle(op, { kind: 'failed', error: e });
      },
    );
    return id;
  }

  /** The operation's status in Flink's shape, or undefined for an unknown job/trigger pair. */
  status(jobId: string, triggerId: string): SavepointStatusBody | undefined {
    const op = this.operations.get(keyOf(jobId, triggerId));
    if (op === undefined) return undefined;
    const outcome = op.outcome;
    switch (outcome.kind) {
      case 'in-progress':
        return { status: { id: 'IN_PROGRESS' }, operation: null };
      case 'completed':
        this.markFetched(op);
        return { status: { id: 'COMPLETED' }, operation: { location: outcome.location } };
      case 'failed':
        this.markFetched(op);
        return { status: { id: 'COMPLETED' }, operation: { 'failure-cause': serializeThrowable(outcome.error) } };
      default: {
        const never: never = outcome;
        throw new Error(`Unknown operation outcome ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Resolves once no operation is in progress and every settled one was read by a client, or after `timeoutMs`.
   * The REST server waits on this before it closes: a job stopped with a savepoint ends (and its MiniCluster with
   * it) right after the savepoint, and the client polling the trigger id must still get the answer.
   */
  whenFetched(timeoutMs: number): Promise<void> {
    if (this.allFetched()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.settledListeners.delete(check);
        resolve();
      };
      const check = () => {
        if (this.allFetched()) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.settledListeners.add(check);
    });
  }

  private allFetched(): boolean {
    for (const op of this.operations.values()) if (!op.fetched) return false;
    return true;
  }

  private settle(op: Operation, outcome: Outcome): void {
    op.outcome = outcome;
    this.notify();
  }

  private markFetched(op: Operation): void {
    if (op.fetched) return;
    op.fetched = true;
    // After this answer is written: the server may close once the last one was read.
    setImmediate(() => this.notify());
  }

  private notify(): void {
    for (const listener of [...this.settledListeners]) listener();
  }

  private evict(): void {
    if (this.operations.size <= MAX_OPERATIONS) return;
    for (const [key, op] of this.operations) {
      if (op.outcome.kind !== 'in-progress') {
        this.operations.delete(key);
        return;
      }
    }
  }
}

export class DuplicateTriggerError extends Error {
  constructor(readonly triggerId: string) {
    super(`An operation with trigger id ${triggerId} was already started for this job: use a new triggerId.`);
    this.name = 'DuplicateTriggerError';
  }
}

function keyOf(jobId: string, triggerId: string): string {
  return `${jobId}/${triggerId}`;
}

function serializeThrowable(error: Error): SerializedThrowableBody {
  const text = `${error.name}: ${error.message}`;
  return {
    class: error.name,
    'stack-trace': error.stack ?? text,
    'serialized-throwable': Buffer.from(text, 'utf8').toString('base64'),
  };
}
