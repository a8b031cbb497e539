import { defineErrorCodes } from './error-catalog.js';

/**
 * The codes of the lifecycle and of the contracts every package shares (arguments, aborts,
 * timeouts, config validation). Each other package owns its codes through its own catalog;
 * `docs/errors.md` lists them all, and a test keeps it equal to the catalogs.
 */
export const coreErrors = defineErrorCodes('@outrider/core', {
  OUTRIDER_MODULE_DUPLICATE: 'A module with this name is already registered.',
  OUTRIDER_MODULE_UNKNOWN: { summary: 'No module with this name is registered.', status: 404 },
  OUTRIDER_DEPENDENCY_MISSING: 'A module depends on a name that is not registered.',
  OUTRIDER_DEPENDENCY_CYCLE: 'Modules depend on each other in a cycle.',
  OUTRIDER_DEADLINE_EXCEEDED: { summary: 'A lifecycle phase did not finish within its deadline.', status: 503 },
  OUTRIDER_MODULE_INIT_FAILED: "A module's initialize() threw.",
  OUTRIDER_MODULE_START_FAILED: "A module's start() threw.",
  OUTRIDER_MODULE_STOP_FAILED: "A module's stop() threw.",
  OUTRIDER_MODULE_FAILED: 'A running module reported a failure or failed its health check.',
  OUTRIDER_RESTART_LIMIT: 'A module failed more often than its restart policy allows.',
  OUTRIDER_MANAGER_STOPPED: { summary: 'The module manager was stopped; it takes no new work.', status: 503 },
  OUTRIDER_CONFIG_INVALID: { summary: 'Configuration did not pass its schema.', status: 400 },
  OUTRIDER_PLUGIN_INVALID: 'A plugin definition is malformed.',
  OUTRIDER_PLUGIN_NOT_FOUND: 'A plugin named in config cannot be found or fails to load.',
  OUTRIDER_INVALID_ARGUMENT: {
    summary: 'An option or argument passed to an API is out of range or of the wrong type.',
    status: 400,
  },
  OUTRIDER_ABORTED: 'An operation was cancelled through its AbortSignal.',
  OUTRIDER_TIMEOUT: { summary: 'An operation did not finish within its timeout.', status: 503 },
});

export type ErrorCode = keyof typeof coreErrors.codes;
