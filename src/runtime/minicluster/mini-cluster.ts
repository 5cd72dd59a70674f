import { randomBytes } from 'node:crypto';
import { Dispatcher } from '../jobmanager/dispatcher/dispatcher.js';
import { ResourceManager } from '../jobmanager/resourcemanager/resource-manager.js';
import type { NetworkEnvironmentOptions } from '../network/remote/network-environment.js';
import type { JobResult } from '../rpc/gateways.js';
import { RpcService } from '../rpc/rpc-service.js';
import { TaskExecutor } from '../taskmanager/task-executor.js';

// The embedded cluster (Flink's MiniCluster): the real components — ResourceManager, Dispatcher with a JobMaster
// per job, TaskExecutors whose slots are worker threads — talking over the in-process RPC transport.

export interface MiniClusterOptions {
  readonly numTaskManagers?: number;
  readonly numSlotsPerTaskManager: number;
  readonly testMode?: boolean;
  /** Data plane settings of the TaskManagers (channels between them use loopback TCP). */
  readonly network?: Partial<NetworkEnvironmentOptions>;
}

export class MiniCluster {
  readonly rpc = new RpcService();
  readonly resourceManager: ResourceManager;
  readonly dispatcher: Dispatcher;
  readonly taskExecutors: TaskExecutor[] = [];

  constructor(private readonly options: MiniClusterOptions) {
    this.resourceManager = new ResourceManager(this.rpc);
    this.rpc.register('resourcemanager', this.resourceManager);
    this.dispatcher = new Dispatcher('dispatcher', this.rpc, 'resourcemanager');
  }

  async start(): Promise<void> {
    this.dispatcher.start();
    const n = this.options.numTaskManagers ?? 1;
    for (let i = 0; i < n; i++) {
      const id = `${randomBytes(3).toString('hex')}-tm-${i}`;
      const te = new TaskExecutor(this.rpc, {
        taskManagerId: id,
        address: `taskexecutor-${i}`,
        numberOfSlots: this.options.numSlotsPerTaskManager,
        resourceManagerAddress: 'resourcemanager',
        testMode: this.options.testMode,
        network: this.options.network,
      });
      await te.start();
      this.taskExecutors.push(te);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.stop();
    await Promise.all(this.taskExecutors.map((te) => te.stop()));
  }

  waitForJob(jobId: string): Promise<JobResult> {
    return this.dispatcher.requestJobResult(jobId);
  }
}
