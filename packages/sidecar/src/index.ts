// The sidecar is used through its CLI; the package exports its config schema, its error codes, the
// shapes of its HTTP API's answers and the list of built-in plugins. The agent and the HTTP server are
// internals (tests import them by path).
export { type SidecarConfig, sidecarConfigSchema } from './config/schema.js';
export { sidecarErrors } from './error-codes.js';
export type { ModuleView, PluginView, Readiness, ReloadResult } from './http/agent-api.js';
export { BUILT_IN_PLUGINS } from './plugins/builtin.js';
