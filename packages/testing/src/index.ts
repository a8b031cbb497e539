export { ManualClock } from '@outrider/core';
export { runPluginConformance } from './conformance.js';
export { type ConformanceCheck, type ConformanceOptions, conformanceChecks } from './conformance-checks.js';
export {
  createTestModuleContext,
  createTestPluginContext,
  type RecordedRoute,
  type TestModuleContext,
  type TestPluginContext,
} from './contexts.js';
export { metricValue } from './metric-value.js';
export { type RedisServer, startRedisServer } from './redis-server.js';
export { type WaitForOptions, waitFor } from './wait-for.js';
