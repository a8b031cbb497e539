export type { AgentApi, ModuleView, PluginView, Readiness, ReloadResult } from './http/agent-api.js';
