/**
 * Every selector, threshold and variable source of the dashboards and the alert rules, in one place
 * (the mixin habit). `thresholds` and `alerts` are what a deployment tunes: `buildDashboards` and
 * `buildAlertRules` take them, so a panel's threshold line and the alert on the same series move together.
 */

/** Where panels draw their threshold lines and alerts fire. */
export interface Thresholds {
  /** Event-loop lag p99 above this means the sidecar delays scrapes and OTLP requests. */
  readonly eventLoopLagSeconds: number;
  /** Share of HTTP requests answered 5xx. */
  readonly httpErrorRatio: number;
  /** Cache hit ratio: a tuned cache reaches `cacheHitRatioGood`; below `cacheHitRatioLow` it barely pays for itself. */
  readonly cacheHitRatioLow: number;
  readonly cacheHitRatioGood: number;
  /** Scheduler lag p99: a run starting a second late on a 29 s job is worth a look (panel and OutriderSchedulerLagging). */
  readonly schedulerLagSeconds: number;
  /** CPU share of one core. */
  readonly cpuRatio: number;
  /** Share of a signal's export requests retried or failed (OutriderExportFailing). */
  readonly exportFailureRatio: number;
  /** Spool bytes as a share of its configured bound (OutriderSpoolFilling). */
  readonly spoolFillRatio: number;
  /** Restarts within `alerts.windows.restarts` beyond which a plugin or process is crash-looping. */
  readonly restarts: number;
  /** Share of a job's runs failed or timed out (OutriderSchedulerJobFailing). */
  readonly jobFailureRatio: number;
}

/** A Prometheus duration: `30s`, `5m`, `1h`, `1h30m`. */
export type PromDuration = string;

/** Names of the alerts that wait before firing. */
export type PendingAlert =
  | 'sidecarDown'
  | 'pluginFailed'
  | 'exportFailing'
  | 'spoolFilling'
  | 'probeFailing'
  | 'processDown'
  | 'schedulerJobFailing'
  | 'schedulerLagging'
  | 'lockRedisUnavailable'
  | 'streamBacklogGrowing';

/** Range windows the alert expressions read over. */
export type AlertWindow =
  | 'restarts'
  | 'configReloads'
  | 'exportFailures'
  | 'dropped'
  | 'jobFailures'
  | 'schedulerLag'
  | 'lockLost'
  | 'lockUnavailable'
  | 'streamBacklog';

export interface AlertsConfig {
  /** Extra matchers on every series the alerts read, such as `cluster="prod"`; empty for every job. */
  readonly selector: string;
  /** A target is a sidecar when its job matches this (or it exposed outrider_build_info in the last hour). */
  readonly sidecarSelector: string;
  /** How long a condition holds before its alert fires (`for:`). */
  readonly for: Readonly<Record<PendingAlert, PromDuration>>;
  readonly windows: Readonly<Record<AlertWindow, PromDuration>>;
}

/** The part of the config a deployment overrides: pass it to `buildDashboards` and `buildAlertRules`. */
export interface MixinConfig {
  readonly thresholds: Thresholds;
  readonly alerts: AlertsConfig;
}

const thresholds: Thresholds = {
  eventLoopLagSeconds: 0.1,
  httpErrorRatio: 0.05,
  cacheHitRatioLow: 0.6,
  cacheHitRatioGood: 0.85,
  schedulerLagSeconds: 1,
  cpuRatio: 0.8,
  exportFailureRatio: 0.5,
  spoolFillRatio: 0.8,
  restarts: 2,
  jobFailureRatio: 0.5,
};

const alerts: AlertsConfig = {
  selector: '',
  sidecarSelector: 'job=~"outrider.*"',
  for: {
    sidecarDown: '2m',
    pluginFailed: '1m',
    exportFailing: '5m',
    spoolFilling: '5m',
    probeFailing: '2m',
    processDown: '1m',
    schedulerJobFailing: '5m',
    schedulerLagging: '10m',
    lockRedisUnavailable: '5m',
    streamBacklogGrowing: '15m',
  },
  windows: {
    restarts: '15m',
    configReloads: '15m',
    exportFailures: '5m',
    dropped: '5m',
    jobFailures: '30m',
    schedulerLag: '10m',
    lockLost: '15m',
    lockUnavailable: '5m',
    streamBacklog: '15m',
  },
};

export const config = {
  /** The Grafana data source variable every panel and query points at. */
  datasourceVariable: 'datasource',
  /** Label filter every query carries, so one dashboard serves many sidecars and services. */
  selector: 'job=~"$job",instance=~"$instance"',
  /** Rate window: Grafana widens it to at least four scrape intervals. */
  rateInterval: '$__rate_interval',
  /**
   * Series the job/instance variables are read from. The sidecar dashboards list targets that expose
   * `outrider_build_info`; the SDK dashboard lists any target exposing an SDK metric (a service need
   * not run the sidecar).
   */
  variableSources: {
    sidecar: 'outrider_build_info',
    sdk: '{__name__=~"outrider_(cache|retry|scheduler|lock|queue|ws|log)_.+"}',
  },
  /** Value Grafana sends for "All": a regex, so `=~"$job"` matches every value. */
  allValue: '.+',
  refresh: '30s',
  timeRange: { from: 'now-1h', to: 'now' },
  tags: ['outrider'],
  thresholds,
  alerts,
} as const;
