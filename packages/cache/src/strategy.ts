/** How long an entry lives, by name. NEVER means "do not cache". */
export const CacheStrategy = {
  NEVER: 'NEVER',
  SHORT: 'SHORT',
  MEDIUM: 'MEDIUM',
  LONG: 'LONG',
  VERY_LONG: 'VERY_LONG',
} as const;

export type CacheStrategy = (typeof CacheStrategy)[keyof typeof CacheStrategy];

/** Each strategy's TTL in ms; NEVER has none because nothing is stored. */
export const strategyTtlMs: Readonly<Record<Exclude<CacheStrategy, 'NEVER'>, number>> = {
  SHORT: 300_000,
  MEDIUM: 3_600_000,
  LONG: 86_400_000,
  VERY_LONG: 604_800_000,
};
