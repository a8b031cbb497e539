export { connectRedis } from './connect-redis.js';
export { redactRedisUrl } from './redact-redis-url.js';
export { type RedisConfig, type RedisConfigInput, redisConfigSchema } from './redis-config.js';
