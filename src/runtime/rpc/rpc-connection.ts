// One framed socket (plain or TLS) with heartbeats in both directions. Shared by TcpRpcServer and TcpRpcClient.
// Contract: all callbacks run on the main thread from socket/timer events; onClose fires exactly once, for any
// reason (peer closed, socket error, protocol error, heartbeat timeout, local close()).

import type { Socket } from 'node:net';
import { type HeartbeatClock, HeartbeatMonitor, type HeartbeatOptions } from './heartbeat-monitor.js';
import { encodeFrame, type Frame, FrameDecoder, type FrameKind } from './rpc-frame.js';

export interface ConnectionHandlers {
  /** Request, response and error frames (heartbeats are consumed here). */
  onFrame(frame: Frame): void;
  onClose(reason: string): void;
}

export class RpcConnection {
  private readonly decoder = new FrameDecoder();
  private readonly heartbeat: HeartbeatMonitor;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly peer: string,
    heartbeat: HeartbeatOptions,
    private readonly handlers: ConnectionHandlers,
    clock?: HeartbeatClock,
  ) {
    socket.setNoDelay(true);
    this.heartbeat = new HeartbeatMonitor(
      heartbeat,
      () => this.send('heartbeat', 0, undefined),
      (silentMs) => this.close(`no heartbeat from ${peer} for ${Math.round(silentMs)} ms`),
      clock,
    );
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: Error) => this.close(`socket error with ${peer}: ${error.message}`));
    socket.on('close', () => this.close(`connection to ${peer} closed`));
    this.heartbeat.start();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  send(kind: FrameKind, id: number, payload: Buffer | undefined): void {
    if (this.closed) return;
    this.socket.write(encodeFrame(kind, id, payload));
  }

  close(reason = 'closed locally'): void {
    if (this.closed) return;
    this.closed = true;
    this.heartbeat.stop();
    this.socket.destroy();
    this.handlers.onClose(reason);
  }

  // Bound once, not per chunk.
  private readonly dispatch = (frame: Frame): void => {
    if (frame.kind !== 'heartbeat') this.handlers.onFrame(frame);
  };

  private onData(chunk: Buffer): void {
    this.heartbeat.received();
    try {
      this.decoder.push(chunk, this.dispatch);
    } catch (error) {
      this.close(`bad data from ${this.peer}: ${(error as Error).message}`);
    }
  }
}
