import type net from 'node:net';
import {
  DataProtocolError,
  decodeText,
  encodeCreditFrame,
  encodeFrame,
  encodeTextFrame,
  FRAME_CLOSE,
  FRAME_HELLO,
  FRAME_OPEN,
  FRAME_OPENED,
  FRAME_PRIORITY,
  FRAME_REJECT,
  FrameParser,
  type FrameReceiver,
  HELLO_MAGIC,
} from './data-frame.js';
import type { DataTransport } from './data-transport.js';
import type { ProducerLink, RemoteChannelReader } from './remote-channel-reader.js';
import type { SegmentPool } from './segment-pool.js';

// The consumer side of one data connection (Flink: NettyPartitionRequestClient): one connection from this slot
// worker to one producer worker carries the channels of every consumer task here that reads from there. Credit
// returned by readers is gathered and sent once per event-loop turn, not once per buffer.
// Contract: the worker's thread only.

/** How a request ended: accepted, refused by the producer (with its reason), or cut by a lost connection. */
export type OpenOutcome =
  | { readonly kind: 'opened' }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'lost'; readonly reason: string };

interface Stream {
  readonly reader: RemoteChannelReader<unknown>;
  settle: ((outcome: OpenOutcome) => void) | undefined;
}

export class PartitionRequestClient implements FrameReceiver, ProducerLink {
  readonly remote: string;
  private readonly socket: net.Socket;
  private readonly parser: FrameParser;
  private readonly streams = new Map<number, Stream>();
  private readonly pendingCredit = new Map<number, number>();
  private nextStream = 1;
  private flushScheduled = false;
  private readonly flushCredit = (): void => this.sendCredit();
  /** No new channels: the connection broke or is being closed. */
  retired = false;

  constructor(
    transport: DataTransport,
    host: string,
    port: number,
    private readonly pool: SegmentPool,
    private readonly onRetired: (client: PartitionRequestClient) => void,
  ) {
    this.remote = `${host}:${port}`;
    this.parser = new FrameParser(this, pool.segmentSize);
    this.socket = transport.connect(host, port);
    this.socket.write(encodeTextFrame(FRAME_HELLO, 0, HELLO_MAGIC));
    this.socket.on('data', (chunk: Buffer) => {
      try {
        this.parser.push(chunk);
      } catch (error) {
        this.socket.destroy();
        this.onClosed((error as Error).message);
      }
    });
    this.socket.on('error', (error) => this.onClosed(error.message));
    this.socket.on('close', () => this.onClosed('the producer closed the connection'));
  }

  /** Asks the producer for the reader's channel, announcing its credit. */
  open(reader: RemoteChannelReader<unknown>): Promise<OpenOutcome> {
    const stream = this.nextStream++;
    return new Promise((settle) => {
      this.streams.set(stream, { reader, settle });
      const request = JSON.stringify({ channel: reader.channel, credits: reader.credits });
      this.socket.write(encodeTextFrame(FRAME_OPEN, stream, request));
    });
  }

  returnCredit(stream: number, credits: number): void {
    this.pendingCredit.set(stream, (this.pendingCredit.get(stream) ?? 0) + credits);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flushCredit);
  }

  release(stream: number): void {
    this.streams.delete(stream);
    this.pendingCredit.delete(stream);
    if (this.retired) return;
    this.socket.write(encodeFrame(FRAME_CLOSE, stream));
    if (this.streams.size === 0) {
      // The last channel ended: the connection goes; a later channel opens a new one.
      this.retire();
      this.socket.end();
    }
  }

  dataSegment(): Uint8Array {
    return this.pool.take();
  }

  onData(stream: number, segment: Uint8Array, length: number): void {
    const entry = this.streams.get(stream);
    if (entry === undefined) this.pool.give(segment);
    else entry.reader.onBuffer(segment, length);
  }

  onControl(type: number, stream: number, payload: Uint8Array): void {
    const entry = this.streams.get(stream);
    switch (type) {
      case FRAME_OPENED:
        if (entry === undefined) return;
        entry.reader.onOpened(this, stream);
        this.settle(entry, { kind: 'opened' });
        return;
      case FRAME_REJECT:
        this.streams.delete(stream);
        if (entry !== undefined) this.settle(entry, { kind: 'rejected', reason: decodeText(payload) });
        return;
      case FRAME_PRIORITY:
        entry?.reader.onPriority(payload);
        return;
      default:
        throw new DataProtocolError(`a producer sent frame type ${type}`);
    }
  }

  private settle(entry: Stream, outcome: OpenOutcome): void {
    const settle = entry.settle;
    entry.settle = undefined;
    settle?.(outcome);
  }

  private sendCredit(): void {
    this.flushScheduled = false;
    if (this.retired && this.streams.size === 0) return;
    for (const [stream, credits] of this.pendingCredit) this.socket.write(encodeCreditFrame(stream, credits));
    this.pendingCredit.clear();
  }

  private retire(): void {
    if (this.retired) return;
    this.retired = true;
    this.onRetired(this);
  }

  private onClosed(reason: string): void {
    this.retire();
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const entry of streams) {
      if (entry.settle !== undefined) {
        this.settle(entry, { kind: 'lost', reason });
      } else {
        entry.reader.fail(
          new Error(
            `Channel ${entry.reader.channel}: the connection to its producer at ${this.remote} was lost (${reason}); ` +
              "the producer's TaskManager died or the network failed — the job restarts from its latest checkpoint",
          ),
        );
      }
    }
  }
}
