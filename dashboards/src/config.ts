/**
 * Every selector, threshold and variable source of the dashboards, in one place (the mixin habit).
 * Change a number here and every panel that shows it follows.
 */
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
  thresholds: {
    /** Event-loop lag p99 above this means the sidecar delays scrapes and OTLP requests. */
    eventLoopLagSeconds: 0.1,
    /** Share of HTTP requests answered 5xx. */
    httpErrorRatio: 0.05,
    /** Cache hit ratio: a tuned cache reaches 85%; below 60% it barely pays for itself. */
    cacheHitRatioLow: 0.6,
    cacheHitRatioGood: 0.85,
    /** Scheduler lag p99: a run starting a second late on a 29 s job is worth a look. */
    schedulerLagSeconds: 1,
    /** CPU share of one core. */
    cpuRatio: 0.8,
  },
} as const;
