/** Paths the server itself serves; a plugin route may not take one of them, with any method. */
export const BUILT_IN_PATHS = [
  '/metrics',
  '/healthz',
  '/readyz',
  '/api/status',
  '/api/config',
  '/api/plugins',
  '/api/scheduler/jobs',
  '/api/scheduler/jobs/:id/run',
  '/api/cache/stats',
  '/api/tasks/queue/stats',
  '/api/reload',
  '/api/log-level',
  '/api/plugins/:name/restart',
] as const;

/** `/a/:id/b` and `/a/:name/b` match the same requests: compare patterns with parameter names erased. */
export function patternKey(path: string): string {
  return path.replace(/:[A-Za-z_$][\w$]*/g, ':').replace(/\*[A-Za-z_$][\w$]*/g, '*');
}
