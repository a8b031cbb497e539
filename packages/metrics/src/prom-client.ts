import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';

// prom-client's classes from their own files rather than its index: the index also loads the
// Pushgateway, whose require('https') brings in node:tls, about 3 MB of RSS that a process serving
// /metrics never uses. They are the index's very classes (test/prom-client.test.ts checks it), so
// metrics made either way share registries and instanceof.
const require = createRequire(import.meta.url);

export const Registry: typeof PromClient.Registry = require('prom-client/lib/registry');
export type Registry = PromClient.Registry;
export const Counter: typeof PromClient.Counter = require('prom-client/lib/counter');
export type Counter<T extends string = string> = PromClient.Counter<T>;
export const Gauge: typeof PromClient.Gauge = require('prom-client/lib/gauge');
export type Gauge<T extends string = string> = PromClient.Gauge<T>;
export const Histogram: typeof PromClient.Histogram = require('prom-client/lib/histogram');
export type Histogram<T extends string = string> = PromClient.Histogram<T>;
export const collectDefaultMetrics: typeof PromClient.collectDefaultMetrics = require('prom-client/lib/defaultMetrics');
