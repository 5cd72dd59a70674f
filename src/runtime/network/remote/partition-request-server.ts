import type net from 'node:net';
import { log } from '../../../core/log.js';
import {
  DataProtocolError,
  decodeCredit,
  decodeOpenRequest,
  decodeText,
  encodeFrame,
  encodeTextFrame,
  FRAME_CLOSE,
  FRAME_CREDIT,
  FRAME_DATA,
  FRAME_HELLO,
  FRAME_OPEN,
  FRAME_OPENED,
  FRAME_PRIORITY,
  FRAME_REJECT,
  FrameParser,
  type FrameReceiver,
  HELLO_MAGIC,
  type OpenRequest,
} from './data-frame.js';
import type { DataTransport } from './data-transport.js';
import type { ConsumerLink, RemoteChannelWriter } from './remote-channel-writer.js';

// The producer side of a slot worker's data plane (Flink: the Netty server with its PartitionRequestQueue): listens
// on an ephemeral port, matches consumers' OPEN requests with the writers of the tasks deployed in this worker, and
// feeds credit back to them. A request for a channel whose task is not deployed yet waits, up to `requestTimeoutMs`
// (Flink: taskmanager.network.request-backoff.max), since deployments of one job race each other.
// Contract: the worker's thread only. A bad connection is closed and logged; the server keeps serving.

interface PendingOpen {
  readonly connection: ServerConnection;
  readonly stream: number;
  readonly credits: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class PartitionRequestServer {
  private server: net.Server | undefined;
  private readonly writers = new Map<string, RemoteChannelWriter<unknown>>();
  private readonly pending = new Map<string, PendingOpen>();
  private readonly connections = new Set<ServerConnection>();
  port = 0;

  constructor(
    private readonly transport: DataTransport,
    private readonly segmentSize: number,
    private readonly requestTimeoutMs: number,
  ) {}

  /** Starts listening; resolves with the port. The server does not keep the worker alive by itself. */
  async listen(bindHost: string): Promise<number> {
    const server = this.transport.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, bindHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.unref();
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** A task's output channel to a consumer in another process; a waiting request for it is served now. */
  register(writer: RemoteChannelWriter<unknown>): void {
    this.forgetDone();
    this.writers.set(writer.channel, writer);
    const waiting = this.pending.get(writer.channel);
    if (waiting === undefined) return;
    this.pending.delete(writer.channel);
    clearTimeout(waiting.timer);
    waiting.connection.attach(writer, waiting.stream, waiting.credits);
  }

  close(): void {
    for (const connection of this.connections) connection.destroy('the slot worker stops');
    this.server?.close();
  }

  /** Channels registered and not yet released (for tests). */
  get channels(): number {
    this.forgetDone();
    return this.writers.size;
  }

  open(connection: ServerConnection, stream: number, request: OpenRequest): void {
    const writer = this.writers.get(request.channel);
    if (writer !== undefined && !writer.done) {
      if (writer.attached) {
        connection.reject(stream, `channel ${request.channel} already has a consumer`);
        return;
      }
      connection.attach(writer, stream, request.credits);
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(request.channel);
      connection.reject(
        stream,
        `no producer of channel ${request.channel} appeared in the slot worker at port ${this.port} within ` +
          `${this.requestTimeoutMs} ms (taskmanager.network.request-backoff.max): it was not deployed there, ` +
          'failed, or was redeployed elsewhere',
      );
    }, this.requestTimeoutMs);
    timer.unref();
    this.pending.get(request.channel)?.connection.reject(stream, `a newer request for ${request.channel} came in`);
    this.pending.set(request.channel, { connection, stream, credits: request.credits, timer });
  }

  forgetConnection(connection: ServerConnection): void {
    this.connections.delete(connection);
    for (const [channel, waiting] of this.pending) {
      if (waiting.connection !== connection) continue;
      clearTimeout(waiting.timer);
      this.pending.delete(channel);
    }
  }

  private accept(socket: net.Socket): void {
    this.connections.add(new ServerConnection(this, socket, this.segmentSize));
  }

  private forgetDone(): void {
    for (const [channel, writer] of this.writers) if (writer.done) this.writers.delete(channel);
  }
}

/** One consumer worker's connection: its streams and their writers. */
class ServerConnection implements FrameReceiver, ConsumerLink {
  readonly remote: string;
  private readonly parser: FrameParser;
  private readonly streams = new Map<number, RemoteChannelWriter<unknown>>();
  private greeted = false;
  private closed = false;

  constructor(
    private readonly server: PartitionRequestServer,
    private readonly socket: net.Socket,
    segmentSize: number,
  ) {
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    this.parser = new FrameParser(this, segmentSize);
    socket.on('data', (chunk: Buffer) => {
      try {
        this.parser.push(chunk);
      } catch (error) {
        log('warn', 'data', `Closing the data connection from ${this.remote}: ${(error as Error).message}`);
        this.destroy((error as Error).message);
      }
    });
    socket.on('error', (error) => this.onClosed(error.message));
    socket.on('close', () => this.onClosed('the consumer closed the connection'));
  }

  attach(writer: RemoteChannelWriter<unknown>, stream: number, credits: number): void {
    if (this.closed) return;
    this.streams.set(stream, writer);
    log('debug', 'data', `Channel ${writer.channel}: consumer at ${this.remote} connected`);
    this.socket.write(encodeFrame(FRAME_OPENED, stream));
    writer.attach(this, stream, credits);
  }

  reject(stream: number, reason: string): void {
    if (!this.closed) this.socket.write(encodeTextFrame(FRAME_REJECT, stream, reason));
  }

  sendData(stream: number, bytes: Uint8Array, from: number, to: number): void {
    if (!this.closed) this.socket.write(encodeFrame(FRAME_DATA, stream, bytes, from, to));
  }

  sendPriority(stream: number, bytes: Uint8Array, length: number): void {
    if (!this.closed) this.socket.write(encodeFrame(FRAME_PRIORITY, stream, bytes, 0, length));
  }

  dataSegment(): Uint8Array {
    throw new DataProtocolError('a consumer sent a DATA frame');
  }

  onData(): void {}

  onControl(type: number, stream: number, payload: Uint8Array): void {
    if (type === FRAME_HELLO) {
      const magic = decodeText(payload);
      if (magic !== HELLO_MAGIC) {
        throw new DataProtocolError(`greeting '${magic}', expected '${HELLO_MAGIC}' (a different Weir version?)`);
      }
      this.greeted = true;
      return;
    }
    if (!this.greeted) throw new DataProtocolError(`frame type ${type} before the greeting`);
    switch (type) {
      case FRAME_OPEN:
        this.server.open(this, stream, decodeOpenRequest(payload));
        return;
      case FRAME_CREDIT:
        this.streams.get(stream)?.addCredit(decodeCredit(payload));
        return;
      case FRAME_CLOSE:
        this.streams.get(stream)?.release();
        this.streams.delete(stream);
        return;
      default:
        throw new DataProtocolError(`a consumer sent frame type ${type}`);
    }
  }

  destroy(reason: string): void {
    this.socket.destroy();
    this.onClosed(reason);
  }

  private onClosed(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.server.forgetConnection(this);
    for (const writer of this.streams.values()) writer.connectionLost(reason);
    this.streams.clear();
  }
}
