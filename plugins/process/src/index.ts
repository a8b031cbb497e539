export { type ProcessConfig, processConfigSchema } from './config.js';
export { processErrors } from './error-codes.js';
export { LogBuffer, type LogLine, type LogStream } from './log-buffer.js';
export { plugin } from './plugin.js';
export { ProcReader, type ProcSample } from './proc-reader.js';
export { ProcessModule } from './process-module.js';
export type { ProcessSnapshot } from './snapshot.js';
export type { ExitRecord } from './supervisor.js';
