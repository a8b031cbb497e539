export { ManualClock } from '@outrider/core';
export { runPluginConformance } from './conformance.js';
export { type ConformanceCheck, type ConformanceOptions, conformanceChecks } from './conformance-checks.js';
export { createTestModuleContext, createTestPluginContext, type TestModuleContext } from './contexts.js';
