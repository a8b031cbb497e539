export { type BackoffOptions, backoffDelay } from './backoff.js';
export { whyNotDirectory, whyNotExecutable } from './child-command.js';
export { CHILD_ENV_ALLOWLIST, childEnvironment } from './child-env.js';
export { type Clock, sleep, systemClock, type TimerHandle } from './clock.js';
export { type ConfigProblem, parseConfig } from './config-validation.js';
export { withDeadline } from './deadline.js';
export { assertValidGraph, dependentsOf, type GraphNode } from './dependency-graph.js';
export { type Duration, type DurationUnit, formatDuration, parseDuration } from './duration.js';
export { defineErrorCodes, type ErrorCatalog, type ErrorCodeSpec } from './error-catalog.js';
export { coreErrors, type ErrorCode } from './error-codes.js';
export { isOutriderError, OutriderError, type OutriderErrorOptions, toError } from './errors.js';
export type { HealthRollup, ModuleHealth } from './health.js';
export { type HostCheckOptions, isAllowedHost } from './host-header.js';
export { type LogFn, type Logger, silentLogger } from './logger.js';
export { ManualClock } from './manual-clock.js';
export type {
  HealthReport,
  HealthStatus,
  ModuleContext,
  ModuleInterface,
  ModuleState,
  ModuleStatus,
} from './module.js';
export {
  ModuleManager,
  type ModuleManagerEvents,
  type ModuleManagerOptions,
  type ModuleStatusEntry,
  type RegisterOptions,
  type RestartEvent,
  type StartReport,
  type StateChangeEvent,
} from './module-manager.js';
export { isPermanentError } from './permanent.js';
export { defaultDeadlines, defaultRestartPolicy, type PhaseDeadlines, type RestartPolicy } from './policy.js';
export { type Readiness, type ReadinessItem, readinessOf } from './readiness.js';
