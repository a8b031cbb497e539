import uPlot from 'uplot';
import { getJson } from '../api.js';
import { h } from '../dom.js';
import { clockTime, inUnit } from '../format.js';
import type { Page } from '../page.js';

interface ChartSpec {
  id: string;
  title: string;
  unit: string;
}

interface SeriesResponse {
  intervalMs: number;
  capacity: number;
  charts: ChartSpec[];
  times: number[];
  series: { chart: string; label: string; values: (number | null)[] }[];
}

interface SampleEvent {
  time: number;
  points: { chart: string; label: string; value: number }[];
}

const COLORS = ['#1f5f99', '#b3261e', '#1b7f3b', '#8a5a00', '#6a3d9a', '#00707a', '#a3367a', '#4d4d4d'];

/** One chart's lines and its uPlot, rebuilt when a line appears. */
class LiveChart {
  readonly lines = new Map<string, (number | null)[]>();
  readonly #spec: ChartSpec;
  readonly #plot: HTMLElement;
  readonly #caption: HTMLElement;
  #uplot: uPlot | undefined;
  #labels = '';

  constructor(spec: ChartSpec, container: HTMLElement) {
    this.#spec = spec;
    this.#plot = h('div', { class: 'plot' });
    this.#caption = h('p', { class: 'latest', 'data-chart': spec.id });
    container.append(
      h(
        'figure',
        { class: 'chart', id: `chart-${spec.id}` },
        h('figcaption', {}, spec.title),
        this.#plot,
        this.#caption,
      ),
    );
  }

  draw(times: readonly number[]): void {
    const labels = [...this.lines.keys()].join('\u0000');
    const data = [times.map((t) => t / 1000), ...this.lines.values()] as uPlot.AlignedData;
    if (this.#uplot === undefined || labels !== this.#labels) {
      this.#uplot?.destroy();
      this.#labels = labels;
      this.#uplot = new uPlot(this.#options(), data, this.#plot);
    } else this.#uplot.setData(data);
    this.#describeLatest(times);
  }

  destroy(): void {
    this.#uplot?.destroy();
  }

  #options(): uPlot.Options {
    const unit = this.#spec.unit;
    return {
      width: Math.max(280, this.#plot.clientWidth || 480),
      height: 170,
      legend: { show: true, live: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [{}, { size: 72, values: (_u, ticks) => ticks.map((tick) => inUnit(tick, unit)) }],
      series: [
        {},
        ...[...this.lines.keys()].map((label, index) => ({
          label,
          stroke: COLORS[index % COLORS.length] as string,
          width: 1.5,
          spanGaps: true,
          value: (_u: uPlot, value: number | null) => inUnit(value, unit),
        })),
      ],
    };
  }

  /** The newest sample's values as text: what a screen reader (and a test) reads of the chart. */
  #describeLatest(times: readonly number[]): void {
    const last = times.length - 1;
    if (last < 0) {
      this.#caption.textContent = 'No samples yet.';
      return;
    }
    const parts = [...this.lines].map(([label, values]) => `${label} ${inUnit(values[last], this.#spec.unit)}`);
    this.#caption.setAttribute('data-last-time', String(times[last]));
    this.#caption.textContent =
      parts.length === 0
        ? `${clockTime(times[last] as number)}: no data`
        : `${clockTime(times[last] as number)}: ${parts.join(', ')}`;
  }
}

export const livePage: Page = {
  title: 'Live',
  render(view) {
    const status = h('p', { class: 'live-status', role: 'status' }, 'Loading the last 15 minutes…');
    const grid = h('div', { class: 'charts' });
    view.append(h('h2', {}, 'Live'), status, grid);
    let source: EventSource | undefined;
    let closed = false;
    const charts = new Map<string, LiveChart>();
    let times: number[] = [];
    let capacity = 180;

    const apply = (sample: SampleEvent) => {
      times.push(sample.time);
      for (const chart of charts.values()) for (const values of chart.lines.values()) values.push(null);
      for (const point of sample.points) {
        const chart = charts.get(point.chart);
        if (chart === undefined) continue;
        let values = chart.lines.get(point.label);
        if (values === undefined) {
          values = new Array<number | null>(times.length).fill(null);
          chart.lines.set(point.label, values);
        }
        values[times.length - 1] = point.value;
      }
      if (times.length > capacity) {
        const cut = times.length - capacity;
        times = times.slice(cut);
        for (const chart of charts.values())
          for (const [label, values] of chart.lines) chart.lines.set(label, values.slice(cut));
      }
      for (const chart of charts.values()) chart.draw(times);
    };

    void getJson<SeriesResponse>('/ui/api/series').then(
      (history) => {
        if (closed) return;
        capacity = history.capacity;
        times = [...history.times];
        for (const spec of history.charts) charts.set(spec.id, new LiveChart(spec, grid));
        for (const line of history.series) charts.get(line.chart)?.lines.set(line.label, [...line.values]);
        for (const chart of charts.values()) chart.draw(times);
        status.textContent = `A sample every ${history.intervalMs / 1000} s, ${history.capacity} kept (15 minutes). Following live…`;
        source = new EventSource('/ui/api/live');
        source.addEventListener('sample', (event) =>
          apply(JSON.parse((event as MessageEvent<string>).data) as SampleEvent),
        );
        source.addEventListener('open', () => {
          status.textContent = `A sample every ${history.intervalMs / 1000} s, ${history.capacity} kept (15 minutes). Following live.`;
        });
        source.addEventListener('error', () => {
          status.textContent = 'Live updates interrupted; reconnecting…';
        });
      },
      (error: Error) => {
        status.textContent = `The series could not be read: ${error.message}`;
      },
    );
    return () => {
      closed = true;
      source?.close();
      for (const chart of charts.values()) chart.destroy();
    };
  },
};
