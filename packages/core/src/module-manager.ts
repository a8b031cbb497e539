import { EventEmitter } from 'node:events';
import pRetry, { AbortError } from 'p-retry';
import { backoffDelay } from './backoff.js';
import { type Clock, sleep, systemClock } from './clock.js';
import { Deadlines } from './deadline.js';
import { assertValidGraph, dependentsOf } from './dependency-graph.js';
import { type Duration, parseDuration } from './duration.js';
import type { ErrorCode } from './error-codes.js';
import { isOutriderError, OutriderError, toError } from './errors.js';
import { type HealthRollup, healthFromState, type ModuleHealth, rollUpHealth } from './health.js';
import { type Logger, silentLogger } from './logger.js';
import type { HealthReport, ModuleContext, ModuleInterface, ModuleState } from './module.js';
import { isPermanentError } from './permanent.js';
import {
  defaultDeadlines,
  defaultRestartPolicy,
  type PhaseDeadlines,
  type ResolvedDeadlines,
  type ResolvedRestartPolicy,
  RestartBudget,
  type RestartPolicy,
  resolveDeadlines,
  resolveRestartPolicy,
} from './policy.js';

export interface RegisterOptions<Config = unknown> {
  /** Handed to the module as `ctx.config`. */
  config?: Config;
  /** A failed required module makes the roll-up unhealthy; an optional one only degraded. Default true. */
  required?: boolean;
  deadlines?: Partial<PhaseDeadlines>;
  restart?: Partial<RestartPolicy>;
}

export interface ModuleManagerOptions {
  clock?: Clock;
  logger?: Logger;
  /** Defaults for every module; each can override them at `register`. */
  deadlines?: Partial<PhaseDeadlines>;
  restart?: Partial<RestartPolicy>;
  /** How often running modules' `health()` is polled; an unhealthy answer counts as a failure. 0 = never. Default `'30s'`. */
  healthCheckInterval?: Duration;
  /** Source of jitter; inject for deterministic tests. */
  random?: () => number;
}

export interface ModuleStatusEntry {
  name: string;
  state: ModuleState;
  /** When the module entered its state, in clock ms. */
  since: number;
  restarts: number;
  required: boolean;
  dependsOn: readonly string[];
  lastError?: { code?: string; message: string };
}

export interface StateChangeEvent {
  module: string;
  from: ModuleState;
  to: ModuleState;
  at: number;
  error?: Error;
}

export interface RestartEvent {
  module: string;
  /** 1 for the first restart after a failure. */
  attempt: number;
  delayMs: number;
  error: Error;
}

export interface ModuleManagerEvents {
  stateChange: [StateChangeEvent];
  restart: [RestartEvent];
}

/** What `startAll` achieved: every module ends up in exactly one list. */
export interface StartReport {
  running: string[];
  failed: string[];
  blocked: string[];
}

interface Entry {
  readonly module: ModuleInterface;
  readonly config: unknown;
  readonly required: boolean;
  readonly deadlines: ResolvedDeadlines;
  readonly policy: ResolvedRestartPolicy;
  readonly budget: RestartBudget;
  state: ModuleState;
  since: number;
  restarts: number;
  lastError?: Error;
  /** True between a call to initialize and the matching stop: the module may hold resources. */
  live: boolean;
  recovering: boolean;
  /** Set by unregister: a restart under way gives up. */
  removed?: boolean;
  /** The current run: identifies it for late failure reports, and holds `ctx.signal` once asked for. */
  run?: Run;
}

/**
 * One initialize..stop of a module. Its AbortController is made only when the module reads
 * `ctx.signal`: aborting one costs microseconds, and most modules never look.
 */
interface Run {
  controller?: AbortController;
}

const UP: ReadonlySet<ModuleState> = new Set(['running', 'degraded']);

/** The abort reason of every module run the manager stops; one shared instance, as stops are frequent. */
const STOPPING = new OutriderError('OUTRIDER_MANAGER_STOPPED', 'the module is being stopped');

/**
 * Runs modules through one lifecycle: dependency order with independent modules in parallel,
 * per-phase deadlines, restart with backoff, reverse-order stop, and a health roll-up.
 */
export class ModuleManager extends EventEmitter<ModuleManagerEvents> {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #deadlines: ResolvedDeadlines;
  readonly #policy: ResolvedRestartPolicy;
  readonly #healthCheckInterval: number;
  readonly #random: () => number;
  readonly #phaseDeadlines: Deadlines;
  /** Aborted by stopAll: ends backoff waits and health polling. */
  readonly #lifetime = new AbortController();
  readonly #background = new Set<Promise<unknown>>();
  #healthTimer: ReturnType<Clock['setTimeout']> | undefined;
  #stopping: Promise<void> | undefined;
  #starting: Promise<StartReport> | undefined;

  constructor(options: ModuleManagerOptions = {}) {
    super();
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#deadlines = resolveDeadlines(defaultDeadlines, options.deadlines);
    this.#policy = resolveRestartPolicy(defaultRestartPolicy, options.restart);
    this.#healthCheckInterval = parseDuration(options.healthCheckInterval ?? 30_000, 'healthCheckInterval');
    this.#random = options.random ?? Math.random;
    this.#phaseDeadlines = new Deadlines(this.#clock);
  }

  register<Config>(module: ModuleInterface<Config>, options: RegisterOptions<Config> = {}): this {
    this.#assertNotStopped();
    if (this.#entries.has(module.name)) {
      throw new OutriderError('OUTRIDER_MODULE_DUPLICATE', `a module named "${module.name}" is already registered`, {
        module: module.name,
      });
    }
    const policy = resolveRestartPolicy(this.#policy, options.restart);
    this.#entries.set(module.name, {
      module: module as ModuleInterface,
      config: options.config,
      required: options.required ?? true,
      deadlines: resolveDeadlines(this.#deadlines, options.deadlines),
      policy,
      budget: new RestartBudget(policy),
      state: 'registered',
      since: this.#clock.now(),
      restarts: 0,
      live: false,
      recovering: false,
    });
    return this;
  }

  /**
   * Initializes and starts every registered module not yet up. A module starts as soon as all it
   * depends on is running, so start-up takes as long as the longest chain. A missing dependency or
   * a cycle throws before anything starts; a module that fails leaves its dependents `blocked`
   * while the rest goes on.
   */
  startAll(): Promise<StartReport> {
    // A second call while one is under way shares it rather than launching modules twice.
    this.#starting ??= this.#startAll().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  async #startAll(): Promise<StartReport> {
    this.#assertNotStopped();
    assertValidGraph(this.#nodes());
    await this.#startSet(new Set(this.#entries.keys()));
    this.#phaseDeadlines.disarmIfIdle();
    this.#scheduleHealthCheck();
    const report: StartReport = { running: [], failed: [], blocked: [] };
    for (const [name, entry] of this.#entries) {
      if (UP.has(entry.state)) report.running.push(name);
      else if (entry.state === 'blocked') report.blocked.push(name);
      else report.failed.push(name);
    }
    return report;
  }

  /** Stops everything in reverse dependency order, each module within its stop deadline. Idempotent. */
  stopAll(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#lifetime.abort(new OutriderError('OUTRIDER_MANAGER_STOPPED', 'module manager is stopping'));
      if (this.#healthTimer !== undefined) this.#clock.clearTimeout(this.#healthTimer);
      await Promise.allSettled(this.#background);
      await this.#stopSet(new Set(this.#entries.keys()), 'stopped');
      this.#phaseDeadlines.disarmIfIdle();
    })();
    return this.#stopping;
  }

  /**
   * Starts modules registered after startAll (a plugin added by a config reload), in dependency
   * order; modules already up are left alone.
   */
  async start(names: Iterable<string>): Promise<void> {
    this.#assertNotStopped();
    assertValidGraph(this.#nodes());
    await this.#startSet(new Set(names));
  }

  /**
   * Stops a module and forgets it (a plugin removed by a config reload). Modules that depend on it
   * are stopped and left `blocked`.
   */
  async unregister(name: string): Promise<void> {
    const entry = this.#entry(name);
    entry.removed = true;
    await this.#stopSet(dependentsOf(name, this.#nodes()), 'blocked');
    await this.#stopSet(new Set([name]), 'stopped');
    this.#entries.delete(name);
  }

  /** Restarts one module and, in order, every module that depends on it. */
  async restart(name: string): Promise<void> {
    this.#assertNotStopped();
    const entry = this.#entry(name);
    const affected = new Set([name, ...dependentsOf(name, this.#nodes())]);
    await this.#stopSet(affected, 'stopped');
    entry.restarts += 1;
    await this.#startSet(affected);
  }

  status(): ModuleStatusEntry[] {
    return [...this.#entries.values()].map((entry) => ({
      name: entry.module.name,
      state: entry.state,
      since: entry.since,
      restarts: entry.restarts,
      required: entry.required,
      dependsOn: entry.module.dependsOn ?? [],
      ...(entry.lastError === undefined ? {} : { lastError: describeError(entry.lastError) }),
    }));
  }

  /** Asks every running module for its health and rolls the answers up. */
  async health(): Promise<HealthRollup> {
    const modules: Record<string, ModuleHealth> = {};
    await Promise.all(
      [...this.#entries.values()].map(async (entry) => {
        const report = await this.#checkHealth(entry);
        modules[entry.module.name] = { state: entry.state, required: entry.required, ...report };
      }),
    );
    return rollUpHealth(modules);
  }

  // ---- starting ----------------------------------------------------------------------------

  /** Starts the named modules in dependency waves; those outside the set must already be up. */
  async #startSet(names: ReadonlySet<string>): Promise<void> {
    const launched = new Map<string, Promise<boolean>>();
    const launch = (name: string): Promise<boolean> => {
      let promise = launched.get(name);
      if (promise === undefined) {
        promise = this.#launch(name, names, launch);
        launched.set(name, promise);
      }
      return promise;
    };
    await Promise.all([...names].map(launch));
  }

  async #launch(name: string, names: ReadonlySet<string>, launch: (name: string) => Promise<boolean>) {
    const entry = this.#entry(name);
    let ready = true;
    for (const dependency of entry.module.dependsOn ?? []) {
      // Awaiting one by one costs no time: all were launched together, so this waits for the slowest.
      ready = (names.has(dependency) ? await launch(dependency) : UP.has(this.#entry(dependency).state)) && ready;
    }
    if (UP.has(entry.state)) return true;
    if (!ready) {
      this.#setState(entry, 'blocked');
      return false;
    }
    try {
      await this.#bringUp(entry);
      return true;
    } catch (error) {
      if (this.#lifetime.signal.aborted) {
        if (!entry.live) this.#setState(entry, 'stopped');
        return false;
      }
      // A hung or failing initialize will not get better by trying again; a failing or hung start may.
      // The caller learns of the failure now; the retries go on in the background.
      if (isRetryable(error)) this.#track(this.#recover(entry, error));
      else this.#fail(entry, error);
      return false;
    }
  }

  /** initialize then start, each within its deadline; on failure, releases what was allocated. */
  async #bringUp(entry: Entry): Promise<void> {
    const { module } = entry;
    const run: Run = {};
    entry.run = run;
    entry.live = true;
    const parentLogger = this.#logger;
    let logger: Logger | undefined;
    const ctx: ModuleContext = {
      name: module.name,
      config: entry.config,
      // Made on first use, like the signal: a child logger costs more than a quick hook.
      get logger() {
        logger ??= parentLogger.child({ module: module.name });
        return logger;
      },
      clock: this.#clock,
      get signal() {
        run.controller ??= new AbortController();
        return run.controller.signal;
      },
      reportFailure: (error) => this.#onFailure(entry, run, error),
    };
    await this.#phase(entry, 'initialize', 'OUTRIDER_MODULE_INIT_FAILED', () => module.initialize(ctx));
    this.#setState(entry, 'initialized');
    this.#setState(entry, 'starting');
    try {
      await this.#phase(entry, 'start', 'OUTRIDER_MODULE_START_FAILED', () => module.start());
    } catch (error) {
      await this.#release(entry);
      throw error;
    }
    if (this.#lifetime.signal.aborted) {
      // stopAll ran while this start was under way: the module does not come up after the stop.
      if (entry.live) await this.#release(entry);
      this.#setState(entry, 'stopped');
      throw STOPPING;
    }
    this.#setState(entry, 'running');
  }

  #phase(
    entry: Entry,
    phase: 'initialize' | 'start',
    code: ErrorCode,
    work: () => Promise<void> | void,
  ): Promise<void> {
    const name = entry.module.name;
    return this.#phaseDeadlines.run(entry.deadlines[phase], { module: name, phase }, work).catch((error: unknown) => {
      if (isOutriderError(error, 'OUTRIDER_DEADLINE_EXCEEDED')) throw error;
      throw new OutriderError(code, `module "${name}" failed to ${phase}: ${toError(error).message}`, {
        module: name,
        cause: error,
      });
    });
  }

  // ---- failing and recovering ----------------------------------------------------------------

  #onFailure(entry: Entry, run: Run, reason: unknown): void {
    // A report from an earlier run, or while already down or recovering, changes nothing.
    if (entry.run !== run || !UP.has(entry.state) || entry.recovering || this.#lifetime.signal.aborted) return;
    const error = new OutriderError(
      'OUTRIDER_MODULE_FAILED',
      `module "${entry.module.name}" failed: ${toError(reason).message}`,
      { module: entry.module.name, cause: reason },
    );
    this.#logger.error({ module: entry.module.name, err: error }, 'module failed while running');
    this.#track(
      (async () => {
        entry.recovering = true;
        await this.#stopSet(dependentsOf(entry.module.name, this.#nodes()), 'blocked');
        await this.#stopSet(new Set([entry.module.name]), 'stopped');
        await this.#recover(entry, error);
      })(),
    );
  }

  /**
   * Restarts a failed module with backoff until it runs or its restart budget is spent, then marks
   * it failed. Its dependents are stopped and `blocked` meanwhile, and started again once it runs.
   */
  async #recover(entry: Entry, failure: unknown): Promise<boolean> {
    const name = entry.module.name;
    entry.recovering = true;
    entry.lastError = toError(failure);
    const dependents = dependentsOf(name, this.#nodes());
    await this.#stopSet(dependents, 'blocked');
    this.#setState(entry, 'starting', entry.lastError);
    try {
      await pRetry(
        async (attempt) => {
          const lastError = entry.lastError ?? toError(failure);
          if (entry.removed) throw new AbortError(lastError);
          if (!entry.budget.take(this.#clock.now())) {
            throw new AbortError(
              new OutriderError(
                'OUTRIDER_RESTART_LIMIT',
                `module "${name}" failed ${entry.policy.maxRestarts} restarts within ${entry.policy.window} ms; last error: ${lastError.message}`,
                { module: name, cause: lastError },
              ),
            );
          }
          const delayMs = backoffDelay(attempt, entry.policy, this.#random);
          this.emit('restart', { module: name, attempt, delayMs, error: lastError });
          this.#logger.warn({ module: name, attempt, delayMs, err: lastError }, 'restarting module');
          await sleep(this.#clock, delayMs, this.#lifetime.signal);
          if (entry.removed) throw new AbortError(lastError);
          entry.restarts += 1;
          try {
            await this.#bringUp(entry);
          } catch (error) {
            entry.lastError = toError(error);
            // Errors reach p-retry as OutriderErrors, never TypeErrors, which it would not retry.
            if (isRetryable(error)) throw error;
            throw new AbortError(entry.lastError);
          }
        },
        // Backoff is ours, on the injectable clock; p-retry counts attempts and handles aborts.
        { retries: Number.POSITIVE_INFINITY, minTimeout: 0, signal: this.#lifetime.signal },
      );
    } catch (error) {
      entry.recovering = false;
      if (!this.#lifetime.signal.aborted && !entry.removed) this.#fail(entry, error);
      return false;
    }
    entry.recovering = false;
    // Only those stopped for this failure; dependents still waiting in startAll start there.
    await this.#startSet(new Set([...dependents].filter((dependent) => this.#entry(dependent).state === 'blocked')));
    return true;
  }

  #fail(entry: Entry, error: unknown): void {
    entry.lastError = toError(error);
    this.#setState(entry, 'failed', entry.lastError);
    this.#logger.error({ module: entry.module.name, err: entry.lastError }, 'module failed');
  }

  // ---- stopping ------------------------------------------------------------------------------

  /** Stops the named modules, each only after its dependents in the set have stopped. */
  async #stopSet(names: ReadonlySet<string>, finalState: 'stopped' | 'blocked'): Promise<void> {
    const dependents = new Map<string, string[]>([...names].map((name) => [name, []]));
    for (const name of names) {
      for (const dependency of this.#entry(name).module.dependsOn ?? []) dependents.get(dependency)?.push(name);
    }
    const halted = new Map<string, Promise<void>>();
    const halt = (name: string): Promise<void> => {
      let promise = halted.get(name);
      if (promise === undefined) {
        promise = Promise.all((dependents.get(name) ?? []).map(halt)).then(() =>
          this.#stopOne(this.#entry(name), finalState),
        );
        halted.set(name, promise);
      }
      return promise;
    };
    await Promise.all([...names].map(halt));
  }

  async #stopOne(entry: Entry, finalState: 'stopped' | 'blocked'): Promise<void> {
    if (!entry.live) {
      if (entry.state !== 'failed' && entry.state !== 'registered') this.#setState(entry, finalState);
      return;
    }
    this.#setState(entry, 'stopping');
    const error = await this.#release(entry);
    if (error === undefined) this.#setState(entry, finalState);
    else this.#fail(entry, error);
  }

  /** Aborts the run's signal and calls stop within its deadline; returns the error, if any. */
  async #release(entry: Entry): Promise<Error | undefined> {
    const name = entry.module.name;
    entry.live = false;
    entry.run?.controller?.abort(STOPPING);
    try {
      const deadline = new AbortController();
      await this.#phaseDeadlines.run(
        entry.deadlines.stop,
        { module: name, phase: 'stop' },
        () => entry.module.stop(deadline.signal),
        (error) => deadline.abort(error),
      );
      return undefined;
    } catch (error) {
      if (isOutriderError(error, 'OUTRIDER_DEADLINE_EXCEEDED')) return error;
      return new OutriderError(
        'OUTRIDER_MODULE_STOP_FAILED',
        `module "${name}" failed to stop: ${toError(error).message}`,
        {
          module: name,
          cause: error,
        },
      );
    }
  }

  // ---- health --------------------------------------------------------------------------------

  async #checkHealth(entry: Entry): Promise<HealthReport> {
    const fromState = healthFromState(entry.state);
    const { module } = entry;
    if (!UP.has(entry.state) || module.health === undefined) return fromState;
    try {
      return await this.#phaseDeadlines.run(entry.deadlines.health, { module: module.name, phase: 'health' }, () =>
        (module.health as () => HealthReport | Promise<HealthReport>).call(module),
      );
    } catch (error) {
      return { status: 'unhealthy', detail: `health check failed: ${toError(error).message}` };
    }
  }

  #scheduleHealthCheck(): void {
    if (this.#healthCheckInterval <= 0 || this.#healthTimer !== undefined || this.#lifetime.signal.aborted) return;
    const tick = () => {
      this.#track(this.#pollHealth()).finally(() => {
        if (!this.#lifetime.signal.aborted) this.#healthTimer = this.#arm(tick);
      });
    };
    this.#healthTimer = this.#arm(tick);
  }

  #arm(tick: () => void): ReturnType<Clock['setTimeout']> {
    const handle = this.#clock.setTimeout(tick, this.#healthCheckInterval);
    // Polling alone should not keep a process alive.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  }

  async #pollHealth(): Promise<void> {
    await Promise.all(
      [...this.#entries.values()].map(async (entry) => {
        if (!UP.has(entry.state) || entry.recovering || entry.module.health === undefined) return;
        const run = entry.run as Run;
        const report = await this.#checkHealth(entry);
        if (report.status === 'unhealthy')
          this.#onFailure(entry, run, new Error(report.detail ?? 'health check unhealthy'));
        else if (entry.run === run && UP.has(entry.state)) {
          this.#setState(entry, report.status === 'degraded' ? 'degraded' : 'running');
        }
      }),
    );
  }

  // ---- bookkeeping ---------------------------------------------------------------------------

  #setState(entry: Entry, to: ModuleState, error?: Error): void {
    const from = entry.state;
    if (from === to) return;
    entry.state = to;
    entry.since = this.#clock.now();
    if (this.listenerCount('stateChange') === 0) return;
    const event: StateChangeEvent = { module: entry.module.name, from, to, at: entry.since };
    if (error !== undefined) event.error = error;
    this.emit('stateChange', event);
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#background.add(promise);
    return promise.finally(() => this.#background.delete(promise));
  }

  #entry(name: string): Entry {
    const entry = this.#entries.get(name);
    if (entry === undefined) {
      throw new OutriderError('OUTRIDER_MODULE_UNKNOWN', `no module named "${name}" is registered`, { module: name });
    }
    return entry;
  }

  #nodes() {
    return [...this.#entries.values()].map((entry) => entry.module);
  }

  #assertNotStopped(): void {
    if (this.#stopping !== undefined) {
      throw new OutriderError('OUTRIDER_MANAGER_STOPPED', 'the module manager has been stopped');
    }
  }
}

/** A start that threw or hung may succeed next time, unless its error says no retry can help. */
function isRetryable(error: unknown): boolean {
  const failedStart =
    isOutriderError(error, 'OUTRIDER_MODULE_START_FAILED') ||
    (isOutriderError(error, 'OUTRIDER_DEADLINE_EXCEEDED') && error.details.phase === 'start');
  return failedStart && !isPermanentError(error);
}

function describeError(error: Error): { code?: string; message: string } {
  return isOutriderError(error) ? { code: error.code, message: error.message } : { message: error.message };
}
