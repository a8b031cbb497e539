export { Agent, type AgentOptions } from './agent/agent.js';
export { type LoadedConfig, type LoadedPlugin, type LoadOptions, loadConfig } from './config/load.js';
export { type SidecarConfig, sidecarConfigSchema } from './config/schema.js';
export { sidecarErrors } from './error-codes.js';
export type { AgentApi, ModuleView, PluginView, Readiness, ReloadResult } from './http/agent-api.js';
export { type MountedRoute, RouteTable } from './http/route-table.js';
export { createHttpServer, HttpServer, type HttpServerOptions, type HttpServerSettings } from './http/server.js';
export { BUILT_IN_PLUGINS } from './plugins/builtin.js';
