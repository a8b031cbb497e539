export { configSchema, type UpstreamConfig, type WsMonitorConfig } from './config.js';
export { plugin } from './plugin.js';
