import type { ProcSample } from './proc-reader.js';
import type { ExitRecord } from './supervisor.js';

/** What the plugin knows about its process at one moment: served at /status and read by the metrics. */
export interface ProcessSnapshot {
  readonly mode: 'watch' | 'supervise';
  /** The pid being watched or the running child's; undefined when there is none. */
  readonly pid: number | undefined;
  readonly up: boolean;
  /** /proc numbers; undefined when the process is down or the platform has no /proc. */
  readonly sample: ProcSample | undefined;
  /** Supervised runs started after the first. */
  readonly restarts: number;
  /** Exits by code (`'0'`, `'1'`, ...) or by signal name (`'SIGKILL'`). */
  readonly exits: Readonly<Record<string, number>>;
  readonly lastExit: ExitRecord | undefined;
  /** ms since the epoch (plugin clock) of the next restart while waiting out the backoff. */
  readonly nextRestartAt: number | undefined;
  readonly logLines: Readonly<Record<'stdout' | 'stderr', number>>;
}
