import { primePeriod } from '@outrider/scheduler';

export interface ProbeSlot {
  /** The target's interval rounded up to a prime number of seconds. */
  readonly periodMs: number;
  /** Where in the period the target's probes fall. */
  readonly offsetMs: number;
}

/**
 * Each target probes every `primePeriod(interval)` (30s → 31s), so probes stay off the round
 * seconds other jobs fire on. Targets that share a period are spread evenly across it instead of
 * each getting a larger prime (primeSpread): 50 targets at 31s would otherwise stretch to 281s.
 */
export function planSlots(intervalsMs: readonly number[]): ProbeSlot[] {
  const periods = intervalsMs.map((ms) => primePeriod(ms));
  const sharing = new Map<number, number>();
  for (const period of periods) sharing.set(period, (sharing.get(period) ?? 0) + 1);
  const placed = new Map<number, number>();
  return periods.map((periodMs) => {
    const index = placed.get(periodMs) ?? 0;
    placed.set(periodMs, index + 1);
    return { periodMs, offsetMs: Math.floor((index * periodMs) / (sharing.get(periodMs) ?? 1)) };
  });
}
