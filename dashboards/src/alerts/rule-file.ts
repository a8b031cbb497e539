import type { MixinConfig, PromDuration } from '../config.js';

/** One alerting rule, in the order Prometheus documents its fields. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: PromDuration;
  readonly labels: { readonly severity: 'critical' | 'warning' };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url: string };
}

/** One rule file under alerts/: its name, the comment heading it, its groups. */
export interface AlertRuleFile {
  readonly file: string;
  readonly comment: string;
  readonly groups: ReadonlyArray<{ readonly name: string; readonly rules: readonly AlertRule[] }>;
}

/** `metric{matchers}` with the config's alert selector first; the bare name when there are no matchers. */
export function series(mixin: MixinConfig, metric: string, ...matchers: string[]): string {
  const all = [mixin.alerts.selector, ...matchers].filter((matcher) => matcher !== '');
  return all.length === 0 ? metric : `${metric}{${all.join(',')}}`;
}

/** Where docs/runbooks.md has the alert's section. */
export function runbook(alert: string): string {
  return `docs/runbooks.md#${alert.toLowerCase()}`;
}

const UNITS: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', y: 'year' };

/** `2m` → `2 minutes`, `1h` → `1 hour`; a compound duration stays as written. */
export function spoken(duration: PromDuration): string {
  const match = /^(\d+)([smhdwy])$/.exec(duration);
  if (!match) return duration;
  const [, count = '', unit = ''] = match;
  return `${count} ${UNITS[unit]}${count === '1' ? '' : 's'}`;
}

/** 0.5 → `50 %`. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(12))} %`;
}
