// Waiting on shared memory from a slot worker. Atomics.wait would block the worker's event loop (timers, ports,
// sockets), so slots only ever use Atomics.waitAsync. A pending waitAsync does not keep a worker's event loop alive
// (nodejs/node#44729), so while any wait is pending this module holds one ref'd timer per thread.

type WaitAsyncResult =
  | { readonly async: false; readonly value: 'not-equal' | 'timed-out' }
  | { readonly async: true; readonly value: Promise<'ok' | 'timed-out'> };

interface AtomicsWithWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number, timeout?: number): WaitAsyncResult;
}

const atomics = Atomics as unknown as AtomicsWithWaitAsync;

let holds = 0;
let keepAlive: ReturnType<typeof setInterval> | undefined;

function noop(): void {}

/** Keeps this thread's event loop alive until the matching releaseThread(). Counted; one timer per thread. */
export function holdThread(): void {
  if (holds++ === 0) keepAlive = setInterval(noop, 0x7fffffff);
}

export function releaseThread(): void {
  if (holds === 0) return;
  if (--holds === 0) {
    clearInterval(keepAlive);
    keepAlive = undefined;
  }
}

/** Number of pending holds on this thread (tests check that waits do not leak). */
export function threadHolds(): number {
  return holds;
}

function onWake(): void {
  releaseThread();
}

/**
 * Resolves once `array[index]` is notified after holding `expected`; returns undefined when it already differs
 * (the caller re-checks at once). Callers bump the word and then Atomics.notify it; spurious wake-ups are allowed.
 */
export function waitForChange(array: Int32Array, index: number, expected: number): Promise<void> | undefined {
  if (typeof atomics.waitAsync !== 'function') {
    throw new Error('Atomics.waitAsync is missing: Weir needs Node.js 20 or later');
  }
  const result = atomics.waitAsync(array, index, expected);
  if (!result.async) return undefined;
  holdThread();
  return result.value.then(onWake, onWake);
}
