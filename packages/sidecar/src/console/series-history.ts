/** One value of one line of one chart at a sample time. */
export interface SeriesPoint {
  /** The chart it belongs to (`otlp-items`, `http-p99`…). */
  chart: string;
  /** The line within the chart (`traces received`, a probe target, a plugin instance). */
  label: string;
  value: number;
}

/** The history as the console reads it: sample times and, per line, a value or null for each of them. */
export interface SeriesSnapshot {
  /** Sample times, ms since the epoch, oldest first. */
  times: number[];
  series: { chart: string; label: string; values: (number | null)[] }[];
}

interface Line {
  chart: string;
  label: string;
  values: Float64Array;
  /** Samples since this line last had a value; a line silent for the whole window is forgotten. */
  silent: number;
}

/**
 * A fixed window of samples: `capacity` sample times and, for each line, `capacity` float64 values
 * (NaN where the line had none), in rings. At most `maxLines` lines; points of further lines are
 * counted in `refused` and not kept. Memory is bounded: (1 + maxLines) × capacity × 8 bytes.
 */
export class SeriesHistory {
  readonly capacity: number;
  readonly maxLines: number;
  readonly #times: Float64Array;
  readonly #lines = new Map<string, Line>();
  /** Where the next sample goes. */
  #head = 0;
  #count = 0;
  #refused = 0;

  constructor(capacity: number, maxLines = 64) {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new RangeError(`capacity: expected an integer ≥ 2, got ${capacity}`);
    this.capacity = capacity;
    this.maxLines = maxLines;
    this.#times = new Float64Array(capacity);
  }

  /** Points of lines over `maxLines`, dropped since the start. */
  get refused(): number {
    return this.#refused;
  }

  get size(): number {
    return this.#count;
  }

  get lineCount(): number {
    return this.#lines.size;
  }

  /** Appends one sample; the oldest falls out once the window is full. */
  push(time: number, points: readonly SeriesPoint[]): void {
    const at = this.#head;
    this.#times[at] = time;
    for (const line of this.#lines.values()) {
      line.values[at] = Number.NaN;
      line.silent++;
    }
    for (const point of points) {
      const key = `${point.chart}\u0000${point.label}`;
      let line = this.#lines.get(key);
      if (line === undefined) {
        if (this.#lines.size >= this.maxLines) {
          this.#refused++;
          continue;
        }
        line = {
          chart: point.chart,
          label: point.label,
          values: new Float64Array(this.capacity).fill(Number.NaN),
          silent: 0,
        };
        this.#lines.set(key, line);
      }
      line.values[at] = point.value;
      line.silent = 0;
    }
    for (const [key, line] of this.#lines) if (line.silent >= this.capacity) this.#lines.delete(key);
    this.#head = (at + 1) % this.capacity;
    this.#count = Math.min(this.#count + 1, this.capacity);
  }

  snapshot(): SeriesSnapshot {
    const start = (this.#head - this.#count + this.capacity) % this.capacity;
    const order = Array.from({ length: this.#count }, (_, i) => (start + i) % this.capacity);
    return {
      times: order.map((i) => this.#times[i] as number),
      series: [...this.#lines.values()].map((line) => ({
        chart: line.chart,
        label: line.label,
        values: order.map((i) => {
          const value = line.values[i] as number;
          return Number.isNaN(value) ? null : value;
        }),
      })),
    };
  }
}
