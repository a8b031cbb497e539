export { configSchema, type UpstreamConfig, type WsMonitorConfig } from './config.js';
export { plugin } from './plugin.js';
export { WsMonitor } from './ws-monitor.js';
