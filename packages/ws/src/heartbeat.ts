import type { Clock, Duration, TimerHandle } from '@outrider/core';
import { WebSocket } from 'ws';

export interface HeartbeatOptions {
  /** Ping this often. Default `'30s'`. */
  interval?: Duration;
  /** A peer that has not answered a ping within this is dead. At most `interval`. Default `'10s'`. */
  timeout?: Duration;
}

/**
 * Ping/pong for any number of sockets on two timers in all, not one per socket: each round pings
 * every socket, and when the timeout passes, every socket that has not answered is reported dead.
 */
export class Heartbeat {
  readonly #sockets = new Set<WebSocket>();
  /** Pinged this round, no pong yet. */
  readonly #awaiting = new Set<WebSocket>();
  readonly #onPong: (this: WebSocket) => void;
  #roundTimer: TimerHandle | undefined;
  #timeoutTimer: TimerHandle | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
    private readonly onDead: (socket: WebSocket) => void,
  ) {
    const awaiting = this.#awaiting;
    // One listener shared by every socket: the emitter passes the socket as `this`.
    this.#onPong = function (this: WebSocket) {
      awaiting.delete(this);
    };
  }

  add(socket: WebSocket): void {
    this.#sockets.add(socket);
    socket.on('pong', this.#onPong);
    if (this.#roundTimer === undefined) this.#roundTimer = this.clock.setTimeout(() => this.#round(), this.intervalMs);
  }

  delete(socket: WebSocket): void {
    this.#sockets.delete(socket);
    this.#awaiting.delete(socket);
    socket.off('pong', this.#onPong);
    if (this.#sockets.size === 0) this.stop();
  }

  stop(): void {
    if (this.#roundTimer !== undefined) this.clock.clearTimeout(this.#roundTimer);
    if (this.#timeoutTimer !== undefined) this.clock.clearTimeout(this.#timeoutTimer);
    this.#roundTimer = undefined;
    this.#timeoutTimer = undefined;
    this.#awaiting.clear();
  }

  #round(): void {
    this.#expire(); // a timeout equal to the interval ends here, not on its own timer
    for (const socket of this.#sockets) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      this.#awaiting.add(socket);
      socket.ping();
    }
    this.#roundTimer = this.clock.setTimeout(() => this.#round(), this.intervalMs);
    if (this.timeoutMs < this.intervalMs) {
      this.#timeoutTimer = this.clock.setTimeout(() => this.#expire(), this.timeoutMs);
    }
  }

  #expire(): void {
    this.#timeoutTimer = undefined;
    const dead = [...this.#awaiting];
    this.#awaiting.clear();
    for (const socket of dead) this.onDead(socket);
  }
}
