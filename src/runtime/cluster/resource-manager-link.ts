// The TaskManager side of its connection to the ResourceManager (Flink's TaskExecutor registration plus its
// heartbeat target): registers, retrying every heartbeat interval until the ResourceManager answers, then sends a
// heartbeat every interval. An answer of "unknown" (the JobManager restarted, or dropped this TaskManager) and no
// answer for heartbeat.timeout (the JobManager is lost) both end the tasks and free the slots; registration
// resumes as soon as the ResourceManager answers. Main thread only; one beat at a time.

import { log } from '../../core/log.js';
import type { ResourceManagerGateway } from '../rpc/gateways.js';
import type { HeartbeatOptions } from '../rpc/heartbeat-monitor.js';
import type { RpcService } from '../rpc/rpc-service.js';
import type { TaskExecutor } from '../taskmanager/task-executor.js';

type LinkState = 'registering' | 'registered' | 'lost';

export class ResourceManagerLink {
  private state: LinkState = 'registering';
  private lastAnswer = performance.now();
  private busy = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly rm: ResourceManagerGateway;
  private onRegistered!: () => void;
  /** Resolves once the first registration succeeded. */
  readonly registered = new Promise<void>((resolve) => {
    this.onRegistered = resolve;
  });

  constructor(
    rpc: RpcService,
    private readonly taskManagerId: string,
    private readonly rmAddress: string,
    private readonly taskExecutor: TaskExecutor,
    private readonly heartbeat: HeartbeatOptions,
  ) {
    // Calls wait for a connection up to their timeout: one heartbeat interval, so the loop keeps its pace.
    this.rm = rpc.connect<ResourceManagerGateway>(rmAddress, heartbeat.intervalMs);
  }

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.heartbeat.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (this.busy) return;
    this.busy = true;
    this.beat().then(
      () => {
        this.lastAnswer = performance.now();
        this.busy = false;
      },
      (error: unknown) => {
        this.busy = false;
        this.onNoAnswer(error);
      },
    );
  }

  private async beat(): Promise<void> {
    if (this.state !== 'registered') return this.register();
    const known = await this.rm.heartbeatFromTaskManager(this.taskManagerId);
    if (known) return;
    // Whatever ran here belongs to jobs that no longer count on this TaskManager.
    log('warn', 'TaskManager', `${this.taskManagerId} is unknown to ${this.rmAddress}: releasing its slots`);
    this.state = 'registering';
    await this.taskExecutor.releaseAllSlots();
    await this.register();
  }

  private async register(): Promise<void> {
    await this.taskExecutor.registerAtResourceManager();
    if (this.state !== 'registered')
      log('info', 'TaskManager', `${this.taskManagerId} registered at ${this.rmAddress}`);
    this.state = 'registered';
    this.onRegistered();
  }

  private onNoAnswer(error: unknown): void {
    const silent = performance.now() - this.lastAnswer;
    if (this.state !== 'registered' || silent < this.heartbeat.timeoutMs) return;
    this.state = 'lost';
    const why = `JobManager at ${this.rmAddress} silent for ${Math.round(silent)} ms: ${String(error)}`;
    log('warn', 'TaskManager', `${why}; releasing all slots, registering again when it answers`);
    void this.taskExecutor.releaseAllSlots();
  }
}
