export { connectRedis } from './connect-redis.js';
export { type RedisConfig, type RedisConfigInput, redisConfigSchema } from './redis-config.js';
