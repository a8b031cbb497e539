import { counter, gauge } from '@outrider/metrics';
import type { Registry } from 'prom-client';
import type { ProcessSnapshot } from './snapshot.js';

/** A plugin instance as the metrics see it: read once per scrape. */
export interface MetricSource {
  readonly plugin: string;
  snapshot(): ProcessSnapshot;
}

type Read = (snapshot: ProcessSnapshot) => number | undefined;

const GAUGES: readonly [name: string, help: string, read: Read][] = [
  [
    'outrider_process_up',
    'Whether the watched or supervised process is running (1) or not (0).',
    (s) => (s.up ? 1 : 0),
  ],
  ['outrider_process_resident_memory_bytes', 'Resident set size.', (s) => s.sample?.residentBytes],
  ['outrider_process_open_fds', 'Open file descriptors.', (s) => s.sample?.openFds],
  ['outrider_process_threads', 'Threads.', (s) => s.sample?.threads],
  [
    'outrider_process_start_time_seconds',
    'When the process started, since the epoch.',
    (s) => s.sample?.startTimeSeconds,
  ],
  [
    'outrider_process_uptime_seconds',
    'Seconds since the process started.',
    (s) => (s.sample === undefined ? undefined : Math.max(0, Date.now() / 1000 - s.sample.startTimeSeconds)),
  ],
  [
    'outrider_process_last_exit_code',
    'Exit code of the last supervised run (128 + signal number when killed by a signal).',
    (s) => s.lastExit?.code ?? undefined,
  ],
];

const COUNTERS: readonly [name: string, help: string, read: Read][] = [
  ['outrider_process_cpu_seconds_total', 'CPU time in user and kernel mode.', (s) => s.sample?.cpuSeconds],
  [
    'outrider_process_restarts_total',
    'Supervised restarts after the child exited.',
    (s) => (s.mode === 'supervise' ? s.restarts : undefined),
  ],
];

/** The plugin instances reporting into each registry (several `process` instances share one). */
const sourcesByRegistry = new WeakMap<Registry, Set<MetricSource>>();

/**
 * Registers the process metrics in `registry` once and adds `source` to what they report; the
 * values are read at scrape time. Returns a function that removes the source (its series go with it).
 */
export function reportProcessMetrics(registry: Registry, source: MetricSource): () => void {
  let sources = sourcesByRegistry.get(registry);
  if (sources === undefined) {
    const created = new Set<MetricSource>();
    sources = created;
    sourcesByRegistry.set(registry, created);
    for (const [name, help, read] of GAUGES) {
      gauge(registry, {
        name,
        help,
        labelNames: ['plugin'],
        collect() {
          this.reset();
          for (const source of created) {
            const value = read(source.snapshot());
            if (value !== undefined) this.set({ plugin: source.plugin }, value);
          }
        },
      });
    }
    for (const [name, help, read] of COUNTERS) {
      counter(registry, {
        name,
        help,
        labelNames: ['plugin'],
        collect() {
          this.reset();
          for (const source of created) {
            const value = read(source.snapshot());
            if (value !== undefined) this.inc({ plugin: source.plugin }, value);
          }
        },
      });
    }
    counter(registry, {
      name: 'outrider_process_exits_total',
      help: 'Supervised runs that ended, by exit code or signal name.',
      labelNames: ['plugin', 'code'],
      collect() {
        this.reset();
        for (const source of created) {
          for (const [code, count] of Object.entries(source.snapshot().exits))
            this.inc({ plugin: source.plugin, code }, count);
        }
      },
    });
    counter(registry, {
      name: 'outrider_process_log_lines_total',
      help: 'Lines the supervised child wrote, by stream.',
      labelNames: ['plugin', 'stream'],
      collect() {
        this.reset();
        for (const source of created) {
          const { mode, logLines } = source.snapshot();
          if (mode !== 'supervise') continue;
          for (const [stream, count] of Object.entries(logLines)) this.inc({ plugin: source.plugin, stream }, count);
        }
      },
    });
  }
  sources.add(source);
  const added = sources;
  return () => {
    added.delete(source);
  };
}
