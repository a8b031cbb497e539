/**
 * Every error code Outrider raises, in one place (the Fastify habit). `docs/errors.md` lists the
 * same codes with what to do about each; a test keeps the two in step.
 */
export const ErrorCodes = {
  OUTRIDER_MODULE_DUPLICATE: 'A module with this name is already registered.',
  OUTRIDER_MODULE_UNKNOWN: 'No module with this name is registered.',
  OUTRIDER_DEPENDENCY_MISSING: 'A module depends on a name that is not registered.',
  OUTRIDER_DEPENDENCY_CYCLE: 'Modules depend on each other in a cycle.',
  OUTRIDER_DEADLINE_EXCEEDED: 'A lifecycle phase did not finish within its deadline.',
  OUTRIDER_MODULE_INIT_FAILED: "A module's initialize() threw.",
  OUTRIDER_MODULE_START_FAILED: "A module's start() threw.",
  OUTRIDER_MODULE_STOP_FAILED: "A module's stop() threw.",
  OUTRIDER_MODULE_FAILED: 'A running module reported a failure or failed its health check.',
  OUTRIDER_RESTART_LIMIT: 'A module failed more often than its restart policy allows.',
  OUTRIDER_MANAGER_STOPPED: 'The module manager was stopped; it takes no new work.',
  OUTRIDER_CONFIG_INVALID: 'Configuration did not pass its schema.',
  OUTRIDER_PLUGIN_INVALID: 'A plugin definition is malformed.',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;
