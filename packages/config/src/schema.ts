// `@outrider/config/schema`: the schema helpers alone, for plugins' config schemas. They load zod and
// nothing of the ConfigManager's file loading (cosmiconfig, YAML).
export {
  type ConfigFieldMeta,
  configMeta,
  duration,
  restartRequired,
  secret,
  secretUrl,
} from './schema-meta.js';
