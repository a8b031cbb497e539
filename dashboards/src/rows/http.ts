import type { Thresholds } from '../config.js';
import type { Row } from '../lib/dashboard.js';
import { panel, redFrom } from '../lib/panels.js';
import { orZero, quantile, rate, sel } from '../lib/query.js';

const REQUESTS = 'outrider_http_requests_total';

const requests = () =>
  panel({
    title: 'HTTP requests',
    kind: 'timeseries',
    unit: 'reqps',
    queries: [{ expr: `sum by (instance, route) (${rate(REQUESTS)})`, legend: '{{instance}} {{route}}' }],
  });

const errorRatio = (thresholds: Thresholds) =>
  panel({
    title: 'HTTP 5xx ratio',
    kind: 'timeseries',
    unit: 'percentunit',
    thresholds: redFrom(thresholds.httpErrorRatio),
    queries: [
      {
        expr: orZero(
          `sum by (instance) (${rate(REQUESTS, 'code=~"5.."')}) / sum by (instance) (${rate(REQUESTS)})`,
          `sum by (instance) (${rate(REQUESTS)})`,
        ),
        legend: '{{instance}}',
      },
    ],
  });

const latency = () =>
  panel({
    title: 'HTTP latency p99',
    kind: 'timeseries',
    unit: 's',
    queries: [
      {
        expr: quantile(0.99, 'outrider_http_request_duration_seconds', 'instance, route'),
        legend: '{{instance}} {{route}}',
      },
    ],
  });

const scrapeDuration = () =>
  panel({
    title: 'Scrape duration',
    description: 'How long Prometheus takes to scrape /metrics.',
    kind: 'timeseries',
    unit: 's',
    width: 6,
    queries: [{ expr: `max by (instance) (scrape_duration_seconds${sel()})`, legend: '{{instance}}' }],
  });

const scrapeSamples = () =>
  panel({
    title: 'Samples per scrape',
    kind: 'timeseries',
    width: 6,
    queries: [{ expr: `max by (instance) (scrape_samples_scraped${sel()})`, legend: '{{instance}}' }],
  });

/** What the sidecar's HTTP server answers, and how fast Prometheus scrapes it. */
export function httpRow(thresholds: Thresholds): Row {
  return {
    title: 'HTTP and scrapes',
    panels: [requests(), errorRatio(thresholds), latency(), scrapeDuration(), scrapeSamples()],
  };
}
