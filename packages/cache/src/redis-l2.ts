import type { Redis } from 'ioredis';

/** Turns values into the strings stored in Redis and back. */
export interface CacheCodec<V> {
  encode(value: V): string;
  decode(text: string): V;
}

/** The default codec: JSON. Values must survive JSON.stringify (no Maps, Dates come back as strings). */
export const jsonCodec: CacheCodec<never> = {
  encode: (value) => JSON.stringify(value),
  decode: (text) => JSON.parse(text) as never,
};

const NO_TAGS: readonly string[] = Object.freeze([]);

/** An entry as read from Redis: the value, its tags, and how long it has left. */
export interface L2Entry<V> {
  value: V;
  tags: readonly string[];
  /** ms until Redis expires it; undefined when it does not. */
  ttlLeft: number | undefined;
}

// KEYS: entry. ARGV: envelope, ttl ms ('0' = none), tag set prefix, tags...
// Each tag's set of keys lives as long as the longest entry in it.
const WRITE = `
if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
for i = 4, #ARGV do
  local set = ARGV[3] .. ARGV[i]
  redis.call('SADD', set, KEYS[1])
  if ARGV[2] == '0' then redis.call('PERSIST', set)
  else
    local left = redis.call('PTTL', set)
    if (left == -1 and redis.call('SCARD', set) == 1) or (left >= 0 and left < tonumber(ARGV[2])) then
      redis.call('PEXPIRE', set, ARGV[2])
    end
  end
end
return 1
`;

// KEYS: the tag's set. Deletes every entry in it and the set; returns how many entries existed.
const DROP_TAG = `
local keys = redis.call('SMEMBERS', KEYS[1])
local removed = 0
for i = 1, #keys do removed = removed + redis.call('DEL', keys[i]) end
redis.call('DEL', KEYS[1])
return removed
`;

// KEYS: the fill lock. ARGV: token. Deletes it only while it is ours.
const UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * The second level of a distributed cache: entries in Redis under `prefix`, stored as an envelope
 * of three parts, one line each but the last: the expiry (ms since the epoch, 0 for none), the tags
 * (JSON) and the encoded value. Redis expires the key at the same time.
 */
type Run = (...keysAndArgs: string[]) => Promise<unknown>;

export class RedisL2<V> {
  readonly #write: Run;
  readonly #dropTag: Run;
  readonly #unlock: Run;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly codec: CacheCodec<V>,
  ) {
    // As commands, ioredis sends EVALSHA, and EVAL only when Redis lacks the script.
    redis.defineCommand('outriderCacheWrite', { numberOfKeys: 1, lua: WRITE });
    redis.defineCommand('outriderCacheDropTag', { numberOfKeys: 1, lua: DROP_TAG });
    redis.defineCommand('outriderCacheUnlock', { numberOfKeys: 1, lua: UNLOCK });
    const commands = redis as unknown as Record<
      'outriderCacheWrite' | 'outriderCacheDropTag' | 'outriderCacheUnlock',
      Run
    >;
    this.#write = (...args) => commands.outriderCacheWrite(...args);
    this.#dropTag = (...args) => commands.outriderCacheDropTag(...args);
    this.#unlock = (...args) => commands.outriderCacheUnlock(...args);
  }

  entryKey(key: string): string {
    return `${this.prefix}e:${key}`;
  }

  /** One GET: the envelope carries the expiry, so no second round trip asks for the TTL. */
  async get(key: string): Promise<L2Entry<V> | undefined> {
    const text = await this.read(key);
    return text === null ? undefined : this.decode(text);
  }

  /** The envelope as stored, null when absent: `get` in two steps, for a caller that chains its own promise. */
  read(key: string): Promise<string | null> {
    return this.redis.get(this.entryKey(key));
  }

  decode(text: string): L2Entry<V> {
    const first = text.indexOf('\n');
    const second = text.indexOf('\n', first + 1);
    const expiresAt = Number(text.slice(0, first));
    // Most entries have no tags: skip parsing their `[]`.
    return {
      tags: second === first + 3 ? NO_TAGS : (JSON.parse(text.slice(first + 1, second)) as string[]),
      value: this.codec.decode(text.slice(second + 1)),
      ttlLeft: expiresAt === 0 ? undefined : Math.max(1, expiresAt - Date.now()),
    };
  }

  /** `ttl` in ms; 0 for none. */
  async set(key: string, value: V, ttl: number, tags: readonly string[]): Promise<void> {
    const expiresAt = ttl === 0 ? 0 : Date.now() + ttl;
    const envelope = `${expiresAt}\n${JSON.stringify(tags)}\n${this.codec.encode(value)}`;
    await this.#write(this.entryKey(key), envelope, String(ttl), `${this.prefix}t:`, ...tags);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.entryKey(key))) > 0;
  }

  async dropTag(tag: string): Promise<number> {
    return (await this.#dropTag(`${this.prefix}t:${tag}`)) as number;
  }

  /** Deletes the entries whose key starts with `prefix`, found by SCAN (glob characters escaped). */
  async dropPrefix(prefix: string): Promise<number> {
    const match = `${this.entryKey(prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) removed += await this.redis.del(...keys);
    } while (cursor !== '0');
    return removed;
  }

  /** Takes the key's fill lock for `ms` when free; true when taken. */
  async lockFill(key: string, token: string, ms: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}l:${key}`, token, 'PX', ms, 'NX')) === 'OK';
  }

  async unlockFill(key: string, token: string): Promise<void> {
    await this.#unlock(`${this.prefix}l:${key}`, token);
  }
}
