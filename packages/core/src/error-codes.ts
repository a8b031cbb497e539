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
  OUTRIDER_PLUGIN_NOT_FOUND: 'A plugin named in config cannot be found or fails to load.',
  OUTRIDER_INVALID_ARGUMENT: 'An option or argument passed to an API is out of range or of the wrong type.',
  OUTRIDER_ABORTED: 'An operation was cancelled through its AbortSignal.',
  OUTRIDER_TIMEOUT: 'An operation did not finish within its timeout.',

  // @outrider/config
  OUTRIDER_CONFIG_NOT_FOUND: 'An explicitly named config file does not exist.',
  OUTRIDER_CONFIG_UNREADABLE: 'A config file exists but cannot be read.',
  OUTRIDER_CONFIG_SYNTAX: 'A config file is not valid YAML or JSON.',
  OUTRIDER_CONFIG_ENV_INVALID: 'An environment variable does not parse as the type its key expects.',
  OUTRIDER_CONFIG_RESTART_REQUIRED: 'A reloaded config changes a key that only takes effect after a restart.',

  // @outrider/cache
  OUTRIDER_CACHE_SNAPSHOT_INVALID: 'A cache snapshot file is not valid JSON or not an Outrider cache snapshot.',

  // @outrider/retry
  OUTRIDER_RETRY_EXHAUSTED: 'Every attempt failed; the error keeps the last cause and the attempt count.',
  OUTRIDER_DEADLINE_PASSED: 'The overall deadline of a retried call passed.',

  // @outrider/scheduler
  OUTRIDER_JOB_DUPLICATE: 'A job with this id exists and replaceExisting was not set.',
  OUTRIDER_JOB_UNKNOWN: 'No job with this id is scheduled.',
  OUTRIDER_JOB_INVALID: 'A job definition is invalid (trigger, cron expression, timezone, dependencies).',
  OUTRIDER_QUEUE_FULL: 'A bounded queue is full and its policy rejects new items.',
  OUTRIDER_QUEUE_CLOSED: 'A queue was stopped and takes no new items.',
  OUTRIDER_LOCK_UNAVAILABLE: 'A job lock is held by another process.',
  OUTRIDER_JOB_RUN_FAILED:
    'A job from config ran and failed: a command exited non-zero or an HTTP call got an unexpected status.',

  // @outrider/ws
  OUTRIDER_WS_PROTOCOL: 'An upstream WebSocket message could not be decoded.',
  OUTRIDER_WS_UNAVAILABLE: 'The upstream WebSocket could not be reached within the reconnect window.',
  OUTRIDER_WS_CLIENT_DISPOSED: 'A multiplexer client was used after dispose().',

  // @outrider/sidecar HTTP server
  OUTRIDER_HTTP_NOT_FOUND: 'No route matches the request path.',
  OUTRIDER_HTTP_METHOD_NOT_ALLOWED: 'The path exists but not for this HTTP method.',
  OUTRIDER_HTTP_BAD_REQUEST: 'A request body is not valid JSON or not the shape the route expects.',
  OUTRIDER_HTTP_BODY_TOO_LARGE: 'A request body is larger than the server allows.',
  OUTRIDER_HTTP_UNSUPPORTED_MEDIA_TYPE: 'A JSON route was sent a body that is not application/json.',
  OUTRIDER_HTTP_REQUEST_TIMEOUT: 'The client did not send the whole request within the request timeout.',
  OUTRIDER_HTTP_INTERNAL: 'A route handler failed; the cause is logged, not returned.',
  OUTRIDER_HTTP_HOST_REFUSED: 'The Host header names neither this server nor an allowed host (DNS rebinding guard).',
  OUTRIDER_HTTP_LISTEN_FAILED: 'The HTTP server could not listen on its host and port.',
  OUTRIDER_ADMIN_DISABLED: 'Admin routes are off because no admin token is configured.',
  OUTRIDER_ADMIN_UNAUTHORIZED: 'An admin route was called without an Authorization: Bearer header.',
  OUTRIDER_ADMIN_FORBIDDEN: 'An admin route was called with a wrong token.',
  OUTRIDER_ROUTE_CONFLICT: 'A route is already mounted (or built in) for this method and path.',

  // plugins/process
  OUTRIDER_PROCESS_UNSUPPORTED: 'Process metrics need Linux /proc, which this platform does not have.',

  // @outrider/metrics
  OUTRIDER_METRIC_NAME_INVALID:
    'A metric or label name breaks the naming rules (snake_case, base units, _total on counters only).',
  OUTRIDER_METRIC_CONFLICT: 'A metric name is already registered with another type or other label names.',

  // @outrider/telemetry
  OUTRIDER_TELEMETRY_ACTIVE: 'startTelemetry was called while an earlier pipeline in this process is still running.',

  // plugins/otlp
  OUTRIDER_OTLP_RECEIVER_UNAVAILABLE: 'The OTLP receiver could not listen on its host and port.',
  OUTRIDER_OTLP_SPOOL_UNAVAILABLE: 'The OTLP spool directory cannot be created, read or written.',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;
