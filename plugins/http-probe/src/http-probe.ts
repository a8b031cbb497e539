import {
  type HealthReport,
  isOutriderError,
  type Logger,
  type ModuleInterface,
  type ModuleStatus,
} from '@outrider/core';
import type { SidecarPluginContext } from '@outrider/plugin-api';
import { defaultTargetName, type HttpProbeConfig, type ProbeTargetConfig } from './config.js';
import { type ProbeRequest, type ProbeResult, probe } from './probe.js';
import { ProbeMetrics } from './probe-metrics.js';
import { planSlots } from './schedule.js';

/** A configured target with its scheduler job and its place in the probe schedule. */
interface Target {
  readonly name: string;
  readonly jobId: string;
  readonly url: string;
  readonly request: ProbeRequest;
  readonly periodMs: number;
  readonly offsetMs: number;
  last?: { readonly at: number; readonly result: ProbeResult };
}

function toRequest(target: ProbeTargetConfig): ProbeRequest {
  return {
    url: target.url,
    method: target.method,
    headers: target.headers,
    body: target.body,
    expectStatus: target.expectStatus,
    bodyMatch: target.bodyMatch === undefined ? undefined : new RegExp(target.bodyMatch),
    timeoutMs: target.timeout,
    insecureSkipVerify: target.insecureSkipVerify,
  };
}

/**
 * Probes every target on the host's scheduler, one job per target, so a target that hangs until
 * its timeout holds up nothing but its own next probe.
 */
export class HttpProbe implements ModuleInterface<HttpProbeConfig> {
  readonly name: string;
  #status: ModuleStatus = 'registered';
  #targets: Target[] = [];
  /** Aborted on stop: cancels probes in flight. */
  #running: AbortController | undefined;
  readonly #metrics: ProbeMetrics;
  readonly #logger: Logger;

  constructor(
    private readonly ctx: SidecarPluginContext,
    config: HttpProbeConfig,
  ) {
    this.name = ctx.instanceName;
    this.#logger = ctx.logger;
    this.#metrics = new ProbeMetrics(ctx.registry, ctx.instanceName);
    this.#targets = this.#plan(config);
    ctx.routes.add('GET', '/targets', () => ({ body: this.targets() }));
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  initialize(): void {
    this.#status = 'initialized';
  }

  start(): void {
    this.#running = new AbortController();
    for (const target of this.#targets) this.#schedule(target);
    this.#status = 'running';
  }

  stop(): void {
    if (this.#status !== 'running') {
      this.#status = 'stopped';
      return;
    }
    this.#status = 'stopping';
    this.#running?.abort();
    this.#running = undefined;
    for (const target of this.#targets) {
      this.#unschedule(target);
      this.#metrics.forget(target.name);
    }
    this.#status = 'stopped';
  }

  health(): HealthReport {
    const failing = this.#targets.filter((target) => target.last?.result.success === false);
    if (failing.length === 0) return { status: 'healthy' };
    return {
      status: 'degraded',
      detail: `failing: ${failing.map((target) => `${target.name} (${target.last?.result.reason})`).join(', ')}`,
    };
  }

  /** Replaces the targets; a target kept by name keeps its last result and its series. */
  reconfigure(next: HttpProbeConfig): void {
    const running = this.#status === 'running';
    const previous = new Map(this.#targets.map((target) => [target.name, target]));
    if (running) for (const target of previous.values()) this.#unschedule(target);
    this.#targets = this.#plan(next);
    for (const target of this.#targets) {
      const last = previous.get(target.name)?.last;
      if (last !== undefined) target.last = last;
      previous.delete(target.name);
    }
    for (const gone of previous.values()) this.#metrics.forget(gone.name);
    if (running) for (const target of this.#targets) this.#schedule(target);
  }

  /** What the `/plugins/<instance>/targets` route serves. */
  targets(): object[] {
    return this.#targets.map((target) => ({
      name: target.name,
      url: target.url,
      periodMs: target.periodMs,
      lastProbe:
        target.last === undefined ? null : { at: new Date(target.last.at).toISOString(), ...target.last.result },
    }));
  }

  #plan(config: HttpProbeConfig): Target[] {
    const slots = planSlots(config.targets.map((target) => target.interval));
    return config.targets.map((target, index) => {
      const name = target.name ?? defaultTargetName(target.url);
      const slot = slots[index] as (typeof slots)[number];
      return {
        name,
        jobId: `http-probe/${this.name}/${name}`,
        url: target.url,
        request: toRequest(target),
        ...slot,
      };
    });
  }

  #schedule(target: Target): void {
    this.#metrics.track(target.name);
    this.ctx.scheduler.add({
      id: target.jobId,
      every: target.periodMs,
      // The first fire is startAt itself only when startAt lies ahead of now.
      startAt: this.ctx.clock.now() + target.offsetMs + 1,
      replaceExisting: true,
      run: ({ signal }) => this.#probe(target, signal),
    });
  }

  #unschedule(target: Target): void {
    try {
      this.ctx.scheduler.remove(target.jobId);
    } catch (error) {
      if (!isOutriderError(error, 'OUTRIDER_JOB_UNKNOWN')) throw error;
    }
  }

  async #probe(target: Target, jobSignal: AbortSignal): Promise<void> {
    const running = this.#running;
    if (running === undefined) return;
    const signal = AbortSignal.any([jobSignal, running.signal]);
    const result = await probe(target.request, { signal, clock: this.ctx.clock });
    if (result.reason === 'aborted' || running.signal.aborted) return;
    const now = this.ctx.clock.now();
    target.last = { at: now, result };
    this.#metrics.record(target.name, result, now);
    if (!result.success) {
      this.#logger.warn({ target: target.name, reason: result.reason, err: result.error }, 'probe failed');
    }
  }
}
