import {
  type Clock,
  type HealthReport,
  type ModuleContext,
  type ModuleInterface,
  type ModuleState,
  sleep,
} from '../src/index.js';

export interface Behaviour {
  dependsOn?: string[];
  /** Virtual ms each phase takes. */
  initializeMs?: number;
  startMs?: number;
  stopMs?: number;
  /** Throw from start on the first N calls (Infinity: always). */
  failStarts?: number;
  failInitialize?: boolean;
  /** Never settle start. */
  hangStart?: boolean;
  /** Never settle the first N starts. */
  hangStarts?: number;
  /** What a failing start throws; default an Error naming the attempt. */
  startError?: () => Error;
  health?: () => HealthReport;
}

/** A module that does what its behaviour says and writes every call into a shared journal. */
export class RecordingModule implements ModuleInterface {
  status: ModuleState = 'registered';
  readonly dependsOn: string[];
  starts = 0;
  stops = 0;
  ctx: ModuleContext | undefined;
  readonly health?: () => HealthReport;

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly journal: string[],
    private readonly behaviour: Behaviour = {},
  ) {
    this.dependsOn = behaviour.dependsOn ?? [];
    if (behaviour.health) this.health = behaviour.health;
  }

  async initialize(ctx: ModuleContext): Promise<void> {
    this.ctx = ctx;
    this.journal.push(`init ${this.name}@${this.clock.now()}`);
    if (this.behaviour.failInitialize) throw new Error(`${this.name} cannot initialize`);
    if (this.behaviour.initializeMs) await sleep(this.clock, this.behaviour.initializeMs);
    this.status = 'initialized';
  }

  async start(): Promise<void> {
    this.starts += 1;
    this.journal.push(`start ${this.name}@${this.clock.now()}`);
    if (this.behaviour.hangStart || this.starts <= (this.behaviour.hangStarts ?? 0)) await new Promise(() => {});
    if (this.behaviour.startMs) await sleep(this.clock, this.behaviour.startMs);
    if (this.starts <= (this.behaviour.failStarts ?? 0)) {
      throw this.behaviour.startError?.() ?? new Error(`${this.name} start #${this.starts} failed`);
    }
    this.status = 'running';
  }

  async stop(): Promise<void> {
    this.stops += 1;
    this.journal.push(`stop ${this.name}@${this.clock.now()}`);
    if (this.behaviour.stopMs) await sleep(this.clock, this.behaviour.stopMs);
    this.status = 'stopped';
  }
}

export function stateOf(status: { name: string; state: ModuleState }[], name: string): ModuleState | undefined {
  return status.find((entry) => entry.name === name)?.state;
}
