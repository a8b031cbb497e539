export { type ProcessConfig, processConfigSchema } from './config.js';
export { processErrors } from './error-codes.js';
export { plugin } from './plugin.js';
