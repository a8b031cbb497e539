import type { Redis } from 'ioredis';

// Lua run atomically by Redis. The three keys of one job share a hash tag, so they live in one slot.

/**
 * KEYS: lease, last fire, fence. ARGV: token, lease ms, fire time ('' for manual and `after` runs).
 * Returns [fencing token, 'ok'] or [0, 'ran'] (a fire at or after this one has run) or [0, 'held'].
 */
export const ACQUIRE = `
local fireAt = ARGV[3]
if fireAt ~= '' then
  local last = redis.call('GET', KEYS[2])
  if last and tonumber(last) >= tonumber(fireAt) then return {0, 'ran'} end
end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0, 'held'} end
if fireAt ~= '' then redis.call('SET', KEYS[2], fireAt) end
return {redis.call('INCR', KEYS[3]), 'ok'}
`;

/** KEYS: lease. ARGV: token, lease ms. 1 when the lease was still ours and is extended. */
export const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** KEYS: lease. ARGV: token. Deletes the lease only while it is ours. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type Run = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

/** The scripts as commands on `redis`: ioredis sends EVALSHA, and EVAL only when Redis lacks the script. */
export function defineLockScripts(redis: Redis): { acquire: Run; renew: Run; release: Run } {
  redis.defineCommand('outriderLockAcquire', { numberOfKeys: 3, lua: ACQUIRE });
  redis.defineCommand('outriderLockRenew', { numberOfKeys: 1, lua: RENEW });
  redis.defineCommand('outriderLockRelease', { numberOfKeys: 1, lua: RELEASE });
  const commands = redis as unknown as Record<'outriderLockAcquire' | 'outriderLockRenew' | 'outriderLockRelease', Run>;
  return {
    acquire: (...args) => commands.outriderLockAcquire(...args),
    renew: (...args) => commands.outriderLockRenew(...args),
    release: (...args) => commands.outriderLockRelease(...args),
  };
}
