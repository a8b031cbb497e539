export {
  type ConsoleOptions,
  consoleFormat,
  type FileMode,
  type FileOptions,
  type RotateOptions,
} from './destinations.js';
export type { LevelName } from './levels.js';
export {
  createLogger,
  type LoggerControls,
  type LoggerOptions,
  type ModuleLogOptions,
  type OutriderLogger,
  type RedactOptions,
} from './logger.js';
export { DEFAULT_SENSITIVE_KEYS } from './redact-keys.js';
