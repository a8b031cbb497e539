import type { HrTime } from '@opentelemetry/api';

interface Start {
  time: HrTime;
  /** The last cumulative value (a counter's value, a histogram's count): a lower one is a reset. */
  last: number;
  generation: number;
}

/**
 * Start times of cumulative series, which prom-client does not keep: the first collect that saw a
 * series, renewed when its value went down (a `reset()`, a restarted source). Series and metrics
 * not seen in a collect are forgotten, so one that comes back starts afresh.
 */
export class SeriesStarts {
  readonly #byMetric = new Map<string, Map<string, Start>>();
  #generation = 0;

  /** Opens a collect. */
  begin(): void {
    this.#generation++;
  }

  /** The start time of series `key` of `metric`, whose cumulative value is `value` at `now`. */
  startOf(metric: string, key: string, value: number, now: HrTime): HrTime {
    let series = this.#byMetric.get(metric);
    if (series === undefined) {
      series = new Map();
      this.#byMetric.set(metric, series);
    }
    const start = series.get(key);
    if (start === undefined) {
      series.set(key, { time: now, last: value, generation: this.#generation });
      return now;
    }
    if (value < start.last) start.time = now;
    start.last = value;
    start.generation = this.#generation;
    return start.time;
  }

  /** Closes a collect: drops what it did not see. */
  end(): void {
    for (const [metric, series] of this.#byMetric) {
      for (const [key, start] of series) if (start.generation !== this.#generation) series.delete(key);
      if (series.size === 0) this.#byMetric.delete(metric);
    }
  }
}

/** A series key: label pairs in the order prom-client keeps them (the order of first use). */
export function labelKey(labels: Readonly<Record<string, string | number>> | undefined): string {
  let key = '';
  for (const name in labels) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}
