export {
  definePlugin,
  type PluginRoutes,
  type PluginScheduler,
  type RouteHandler,
  type RouteMethod,
  type RouteRequest,
  type RouteResponse,
  type SidecarPluginContext,
} from './plugin-context.js';
