import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { backoffDelay, type Clock, childEnvironment, type Logger, sleep, type TimerHandle } from '@outrider/core';
import type { ProcessConfig } from './config.js';
import type { LogStream } from './log-buffer.js';

/** How a run of the child ended. */
export interface ExitRecord {
  /** The exit code; 128 + the signal number when it was killed by a signal; null when it never started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** When it ended, ms since the epoch on the plugin's clock. */
  readonly at: number;
  /** Why it could not be started (spawn error), when that is what happened. */
  readonly error?: string;
}

export interface SupervisorHooks {
  onLine(stream: LogStream, line: string): void;
  onExit(exit: ExitRecord): void;
}

type SupervisedOptions = Pick<ProcessConfig, 'args' | 'cwd' | 'env' | 'autoRestart' | 'backoff' | 'maxLineLength'> & {
  command: string;
};

/**
 * Runs one command as a child in its own process group, restarts it with backoff when it exits,
 * and stops it with SIGTERM to the group, then SIGKILL after a grace period.
 */
export class Supervisor {
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #startedAt: number | undefined;
  #attempt = 0;
  #restartTimer: TimerHandle | undefined;
  #nextRestartAt: number | undefined;
  #stopping = false;
  restarts = 0;
  lastExit: ExitRecord | undefined;

  constructor(
    private readonly options: SupervisedOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly hooks: SupervisorHooks,
  ) {}

  /** The running child's pid; undefined between runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** When the current run started (plugin clock), for supervised platforms without /proc. */
  get startedAt(): number | undefined {
    return this.#child === undefined ? undefined : this.#startedAt;
  }

  /** When a restart is due, while the child is down and waiting for its backoff. */
  get nextRestartAt(): number | undefined {
    return this.#nextRestartAt;
  }

  start(): void {
    this.#stopping = false;
    this.#spawn();
  }

  /** SIGTERM to the child's group, SIGKILL after `graceMs` or when `signal` aborts; no more restarts. */
  async stop(graceMs: number, signal: AbortSignal): Promise<void> {
    this.#stopping = true;
    this.#cancelRestart();
    const child = this.#child;
    if (child === undefined) return;
    const exited = this.#exited;
    killGroup(child, 'SIGTERM');
    const grace = new AbortController();
    const onAbort = () => grace.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const graceOver = sleep(this.clock, graceMs, grace.signal).then(
      () => true,
      () => signal.aborted,
    );
    const killNow = await Promise.race([exited.then(() => false), graceOver]);
    grace.abort();
    signal.removeEventListener('abort', onAbort);
    if (killNow) {
      this.logger.warn({ pid: child.pid, graceMs }, 'child did not exit on SIGTERM; sending SIGKILL');
      killGroup(child, 'SIGKILL');
      await exited;
    }
  }

  #spawn(): void {
    this.#nextRestartAt = undefined;
    const { command, args, cwd, env } = this.options;
    const child = spawn(command, args, {
      cwd,
      env: childEnvironment(env),
      // Its own process group, so stop() reaches whatever the child started too.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#startedAt = this.clock.now();
    let finish!: () => void;
    this.#exited = new Promise((resolve) => {
      finish = resolve;
    });
    let done = false;
    const onEnd = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      if (done) return;
      done = true;
      this.#onExit(child, {
        code: exitCode(code, signal),
        signal,
        at: this.clock.now(),
        ...(error && { error: error.message }),
      });
      finish();
    };
    child.once('exit', (code, signal) => onEnd(code, signal));
    child.once('error', (error) => {
      // After a successful spawn an 'error' is a failed kill: 'exit' still follows.
      if (child.pid === undefined) onEnd(null, null, error);
      else this.logger.warn({ err: error }, 'child process error');
    });
    this.#readLines(child, 'stdout');
    this.#readLines(child, 'stderr');
    this.logger.info({ pid: child.pid, command, args }, 'child started');
  }

  #readLines(child: ChildProcess, stream: LogStream): void {
    const input = child[stream];
    if (input === null) return;
    const max = this.options.maxLineLength;
    createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
      this.hooks.onLine(stream, line.length > max ? line.slice(0, max) : line),
    );
  }

  #onExit(child: ChildProcess, exit: ExitRecord): void {
    if (this.#child === child) this.#child = undefined;
    this.lastExit = exit;
    this.hooks.onExit(exit);
    const ran = exit.at - (this.#startedAt ?? exit.at);
    this.logger[this.#stopping ? 'info' : 'warn'](
      { code: exit.code, signal: exit.signal, ranMs: ran, ...(exit.error && { error: exit.error }) },
      'child exited',
    );
    if (this.#stopping || !this.options.autoRestart) return;
    const { minDelay, maxDelay, factor, jitter, resetAfter } = this.options.backoff;
    // A run that lasted resetAfter was healthy: the next crash starts the backoff over.
    this.#attempt = ran >= resetAfter ? 1 : this.#attempt + 1;
    const delay = backoffDelay(this.#attempt, { minDelay, maxDelay, factor, jitter });
    this.#nextRestartAt = exit.at + delay;
    this.#restartTimer = this.clock.setTimeout(() => {
      this.#restartTimer = undefined;
      this.restarts++;
      this.#spawn();
    }, delay);
  }

  #cancelRestart(): void {
    if (this.#restartTimer !== undefined) this.clock.clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    this.#nextRestartAt = undefined;
  }
}

function exitCode(code: number | null, signal: NodeJS.Signals | null): number | null {
  if (code !== null) return code;
  return signal === null ? null : 128 + (constants.signals[signal] ?? 0);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already (ESRCH); fall back to the child alone in case it left its group.
    child.kill(signal);
  }
}
