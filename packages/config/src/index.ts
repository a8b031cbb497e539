export {
  type ConfigChangeEvent,
  type ConfigCheckContext,
  ConfigManager,
  type ConfigManagerOptions,
  type InitResult,
} from './config-manager.js';
export { type EnvOverlay, type EnvProblem, readEnv, type UnknownVariable } from './env-source.js';
export { configErrors } from './error-codes.js';
export { searchPlaces } from './file-source.js';
export { nearest } from './nearest.js';
export type { ConfigPath, ConfigValue } from './paths.js';
export { redactConfig } from './redact.js';
export { redactUrl } from './redact-url.js';
export { restartRequiredChanges } from './restart-required.js';
export {
  type ConfigFieldMeta,
  configMeta,
  duration,
  restartRequired,
  secret,
  secretUrl,
} from './schema-meta.js';
export type { ConfigSource } from './sources.js';
export { configInvalid, type SourcedConfigProblem } from './validate.js';
