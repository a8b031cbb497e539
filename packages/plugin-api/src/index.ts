export type { PluginContext, PluginScheduler, SidecarPluginContext } from './context.js';
export type { DashboardContribution, PanelKind, PanelQuery, PanelSpec } from './dashboard-contribution.js';
export { definePlugin, type Plugin, type PluginDefinition, type Stability } from './define-plugin.js';
export type { PluginRoutes, RouteHandler, RouteMethod, RouteRequest, RouteResponse } from './routes.js';
