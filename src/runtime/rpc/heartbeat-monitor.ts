// Heartbeats of one connection, both directions (Flink's heartbeat.interval / heartbeat.timeout): every interval we
// send a heartbeat, and if nothing at all arrived from the peer for `timeoutMs` we report a timeout once and stop.
// Any inbound frame counts as a sign of life. Pure logic around an injectable clock; runs on the main thread.

export interface HeartbeatClock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemClock: HeartbeatClock = {
  now: () => performance.now(),
  setInterval: (fn, ms) => {
    const handle = setInterval(fn, ms);
    // Heartbeats alone must not keep a process alive; sockets and servers do that.
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface HeartbeatOptions {
  /** heartbeat.interval in ms (Flink default 10000). */
  readonly intervalMs: number;
  /** heartbeat.timeout in ms (Flink default 50000); must exceed intervalMs. */
  readonly timeoutMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 10_000, timeoutMs: 50_000 };

export function validateHeartbeat(options: HeartbeatOptions, where: string): void {
  const { intervalMs, timeoutMs } = options;
  if (!(intervalMs > 0) || !(timeoutMs > intervalMs)) {
    throw new Error(
      `${where}: heartbeat interval ${intervalMs} ms and timeout ${timeoutMs} ms are invalid; ` +
        'the interval must be positive and the timeout larger than the interval',
    );
  }
}

export class HeartbeatMonitor {
  private lastReceived = 0;
  private lastSent = 0;
  private handle: unknown;
  private running = false;

  constructor(
    private readonly options: HeartbeatOptions,
    private readonly send: () => void,
    private readonly onTimeout: (silentMs: number) => void,
    private readonly clock: HeartbeatClock = systemClock,
  ) {
    validateHeartbeat(options, 'HeartbeatMonitor');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const now = this.clock.now();
    this.lastReceived = now;
    this.lastSent = now;
    this.send();
    this.handle = this.clock.setInterval(() => this.tick(), this.tickMs());
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.clock.clearInterval(this.handle);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Call on every inbound frame. */
  received(): void {
    this.lastReceived = this.clock.now();
  }

  /** Checks the deadlines; called by the interval timer, and directly by tests. */
  tick(): void {
    if (!this.running) return;
    const now = this.clock.now();
    const silent = now - this.lastReceived;
    if (silent >= this.options.timeoutMs) {
      this.stop();
      this.onTimeout(silent);
      return;
    }
    if (now - this.lastSent >= this.options.intervalMs) {
      this.lastSent = now;
      this.send();
    }
  }

  /** Tick often enough to notice a timeout within a small fraction of it. */
  private tickMs(): number {
    return Math.max(1, Math.min(this.options.intervalMs, this.options.timeoutMs / 4));
  }
}
