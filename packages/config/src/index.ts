export {
  type ConfigChangeEvent,
  ConfigManager,
  type ConfigManagerOptions,
  type InitResult,
} from './config-manager.js';
export { type EnvOverlay, readEnv } from './env-source.js';
export { searchPlaces } from './file-source.js';
export type { ConfigPath, ConfigValue } from './paths.js';
export { redactConfig } from './redact.js';
export { redactUrl } from './redact-url.js';
export { restartRequiredChanges } from './restart-required.js';
export {
  type ConfigFieldMeta,
  configMeta,
  duration,
  parseDuration,
  restartRequired,
  secret,
  secretUrl,
} from './schema-meta.js';
export type { ConfigSource } from './sources.js';
export type { SourcedConfigProblem } from './validate.js';
