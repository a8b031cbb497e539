export { Agent, type AgentOptions } from './agent/agent.js';
export { type LoadedConfig, type LoadedPlugin, type LoadOptions, loadConfig } from './config/load.js';
export { type SidecarConfig, sidecarConfigSchema } from './config/schema.js';
export type { AgentApi, ModuleView, PluginView, Readiness, ReloadResult } from './http/agent-api.js';
export { type MountedRoute, RouteTable } from './http/route-table.js';
export { createHttpServer, HttpServer, type HttpServerOptions, type HttpServerSettings } from './http/server.js';
export {
  contentTypeOf,
  type ExpositionFormat,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
} from './metrics/exposition-format.js';
export { metricsStream, type RenderOptions, renderMetrics } from './metrics/render-metrics.js';
export { BUILT_IN_PLUGINS } from './plugins/builtin.js';
