import type { Codec } from '../../../core/types/codec.js';
import { DEFAULT_SEGMENT_SIZE } from '../buffer-format.js';
import type { OverdraftBudget } from '../overdraft-budget.js';
import { type DataTlsOptions, dataTransport } from './data-transport.js';
import { PartitionRequestClient } from './partition-request-client.js';
import { PartitionRequestServer } from './partition-request-server.js';
import { RemoteChannelReader } from './remote-channel-reader.js';
import { RemoteChannelWriter } from './remote-channel-writer.js';
import { SegmentPool } from './segment-pool.js';

// A slot worker's network stack for channels to other TaskManager processes (Flink: NettyShuffleEnvironment with
// its connection manager). The worker owns its sockets: records never pass through the TaskManager's main thread,
// which only tells consumers where a producer's worker listens.
// Contract: the worker's thread only.

/** Where the producer of a channel runs: its TaskExecutor (RPC address) and slot. */
export interface RemotePeer {
  readonly taskManagerId: string;
  readonly address: string;
  readonly slotIndex: number;
}

export interface DataAddress {
  readonly host: string;
  readonly port: number;
}

/** Asks the peer's TaskExecutor which port its slot worker for this job listens on (starting it if needed). */
export type DataAddressResolver = (jobId: string, peer: RemotePeer) => Promise<DataAddress>;

export interface NetworkEnvironmentOptions {
  readonly bindHost: string;
  readonly segmentSize?: number;
  /** Buffers each remote input channel announces (Flink: taskmanager.network.memory.buffers-per-channel). */
  readonly credits?: number;
  /** Flink's taskmanager.network.request-backoff.initial / .max: retries of a request whose producer is not there. */
  readonly requestBackoffInitialMs?: number;
  readonly requestBackoffMaxMs?: number;
  readonly tls?: DataTlsOptions;
}

/** taskmanager.network.memory.buffers-per-channel's default (see NettyShuffleEnvironmentOptions). */
export const DEFAULT_REMOTE_CREDITS = 8;
export const DEFAULT_REQUEST_BACKOFF_INITIAL_MS = 100;
export const DEFAULT_REQUEST_BACKOFF_MAX_MS = 10_000;

export class NetworkEnvironment {
  readonly pool: SegmentPool;
  private readonly server: PartitionRequestServer;
  private readonly clients = new Map<string, PartitionRequestClient>();
  private readonly transport;
  private readonly credits: number;
  private readonly backoffInitial: number;
  private readonly backoffMax: number;

  constructor(
    private readonly options: NetworkEnvironmentOptions,
    private readonly resolve: DataAddressResolver,
  ) {
    const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
    this.transport = dataTransport(options.tls);
    this.pool = new SegmentPool(segmentSize);
    this.credits = options.credits ?? DEFAULT_REMOTE_CREDITS;
    this.backoffInitial = options.requestBackoffInitialMs ?? DEFAULT_REQUEST_BACKOFF_INITIAL_MS;
    this.backoffMax = options.requestBackoffMaxMs ?? DEFAULT_REQUEST_BACKOFF_MAX_MS;
    this.server = new PartitionRequestServer(this.transport, segmentSize, this.backoffMax);
  }

  /** Listens for consumers; resolves with the port the TaskExecutor reports to peers. */
  start(): Promise<number> {
    return this.server.listen(this.options.bindHost);
  }

  get port(): number {
    return this.server.port;
  }

  /** The output channel of a producer task here to a consumer in another process. */
  createWriter<T>(jobId: string, channelId: string, codec: Codec<T>, budget: OverdraftBudget): RemoteChannelWriter<T> {
    const writer = new RemoteChannelWriter(`${jobId}/${channelId}`, codec, budget, this.pool.segmentSize);
    this.server.register(writer as RemoteChannelWriter<unknown>);
    return writer;
  }

  /** The input channel of a consumer task here from a producer in another process; it connects in the background. */
  createReader<T>(jobId: string, channelId: string, codec: Codec<T>, peer: RemotePeer): RemoteChannelReader<T> {
    const reader = new RemoteChannelReader(`${jobId}/${channelId}`, codec, this.pool, this.credits);
    void this.connect(jobId, reader as RemoteChannelReader<unknown>, peer);
    return reader;
  }

  close(): void {
    this.server.close();
  }

  /**
   * Requests the channel until the producer accepts it. The producer's worker may not exist yet, or may be an old
   * worker about to be replaced (a restart), so lost connections and unreachable peers are retried with
   * exponential backoff for up to request-backoff.max; a refusal by the producer is final.
   */
  private async connect(jobId: string, reader: RemoteChannelReader<unknown>, peer: RemotePeer): Promise<void> {
    const deadline = Date.now() + this.backoffMax;
    let backoff = this.backoffInitial;
    let lastProblem = '';
    while (!reader.closed) {
      try {
        const address = await this.resolve(jobId, peer);
        if (reader.closed) return;
        const outcome = await this.client(address).open(reader);
        if (outcome.kind === 'opened') return;
        if (outcome.kind === 'rejected') {
          reader.fail(new Error(`Channel ${reader.channel}: its producer refused the request: ${outcome.reason}`));
          return;
        }
        lastProblem = outcome.reason;
      } catch (error) {
        lastProblem = (error as Error).message;
      }
      if (Date.now() + backoff > deadline) break;
      await new Promise((wake) => setTimeout(wake, backoff));
      backoff = Math.min(backoff * 2, this.backoffMax);
    }
    reader.fail(
      new Error(
        `Channel ${reader.channel}: could not reach its producer in slot ${peer.slotIndex} of TaskManager ` +
          `${peer.taskManagerId} (${peer.address}) within ${this.backoffMax} ms ` +
          `(taskmanager.network.request-backoff.max): ${lastProblem}`,
      ),
    );
  }

  private client(address: DataAddress): PartitionRequestClient {
    const key = `${address.host}:${address.port}`;
    let client = this.clients.get(key);
    if (client === undefined || client.retired) {
      client = new PartitionRequestClient(this.transport, address.host, address.port, this.pool, (gone) => {
        if (this.clients.get(key) === gone) this.clients.delete(key);
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
