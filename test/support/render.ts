import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

/** One panel's data as Prometheus returned it. */
export interface PanelData {
  readonly title: string;
  readonly kind: string;
  readonly unit: string;
  readonly gridPos: { x: number; y: number; w: number; h: number };
  /** Series name (legend applied) and [ms, value] points. */
  readonly series: Array<{ name: string; points: Array<[number, number]> }>;
  readonly note?: string;
}

const COLUMN = 60;
const ROW = 32;
const PALETTE = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#705da0'];

function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'percentunit') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'bytes') {
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let v = value;
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${v.toFixed(1)} ${units[i]}`;
  }
  if (unit === 's') return value < 1 ? `${(value * 1000).toFixed(1)} ms` : `${value.toFixed(1)} s`;
  const suffix = unit === 'reqps' ? ' req/s' : unit === 'ops' ? ' ops/s' : '';
  return `${Number(value.toPrecision(4))}${suffix}`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A time series chart, as an SVG string (echarts' server-side renderer). */
function timeseriesSvg(panel: PanelData, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#181b1f',
    color: PALETTE,
    textStyle: { fontFamily: 'DejaVu Sans', color: '#ccccdc' },
    grid: { left: 70, right: 12, top: 30, bottom: 44 },
    title: { text: panel.title, left: 8, top: 4, textStyle: { fontSize: 13, color: '#ccccdc' } },
    legend: { bottom: 2, textStyle: { color: '#ccccdc', fontSize: 10 }, type: 'plain', itemHeight: 6 },
    xAxis: { type: 'time', axisLabel: { color: '#8e8e8e', fontSize: 10 }, splitLine: { show: false } },
    yAxis: {
      type: 'value',
      axisLabel: { color: '#8e8e8e', fontSize: 10, formatter: (v: number) => format(v, panel.unit) },
      splitLine: { lineStyle: { color: '#2c3235' } },
    },
    series: panel.series.slice(0, 8).map((s) => ({ name: s.name, type: 'line', showSymbol: false, data: s.points })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Stat, gauge and table panels: the latest value of each series, as text. */
function valuesSvg(panel: PanelData, width: number, height: number): string {
  const lines = panel.series.slice(0, 12).map((s) => {
    const last = s.points.at(-1)?.[1];
    return { name: s.name, value: last === undefined ? 'no data' : format(last, panel.unit) };
  });
  const big = panel.kind !== 'table' && lines.length <= 2;
  const body = lines
    .map((line, i) =>
      big
        ? `<text x="${width / 2}" y="${70 + i * 46}" font-size="30" fill="${PALETTE[i % PALETTE.length]}" text-anchor="middle">${escapeXml(line.value)}</text>` +
          `<text x="${width / 2}" y="${88 + i * 46}" font-size="10" fill="#8e8e8e" text-anchor="middle">${escapeXml(line.name)}</text>`
        : `<text x="10" y="${46 + i * 15}" font-size="11" fill="#ccccdc">${escapeXml(line.name)}</text>` +
          `<text x="${width - 10}" y="${46 + i * 15}" font-size="11" fill="${PALETTE[0]}" text-anchor="end">${escapeXml(line.value)}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans">` +
    `<rect width="100%" height="100%" fill="#181b1f"/>` +
    `<text x="8" y="18" font-size="13" fill="#ccccdc">${escapeXml(panel.title)}</text>${body}</svg>`
  );
}

function panelSvg(panel: PanelData, width: number, height: number): string {
  if (panel.note !== undefined) {
    return valuesSvg({ ...panel, series: [{ name: panel.note, points: [] }], kind: 'table' }, width, height);
  }
  return panel.kind === 'timeseries' ? timeseriesSvg(panel, width, height) : valuesSvg(panel, width, height);
}

/** Renders a dashboard's panels at their grid positions into one PNG, as Grafana would lay them out. */
export function renderDashboardPng(title: string, panels: readonly PanelData[]): Buffer {
  const width = 24 * COLUMN;
  const top = 36;
  const height = top + Math.max(...panels.map((p) => (p.gridPos.y + p.gridPos.h) * ROW), ROW);
  const inner = panels
    .map((panel) => {
      const x = panel.gridPos.x * COLUMN + 3;
      const y = top + panel.gridPos.y * ROW + 3;
      const w = panel.gridPos.w * COLUMN - 6;
      const h = panel.gridPos.h * ROW - 6;
      const svg = panelSvg(panel, w, h).replace(/^<svg /, `<svg x="${x}" y="${y}" `);
      return svg;
    })
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans">` +
    `<rect width="100%" height="100%" fill="#111217"/>` +
    `<text x="10" y="24" font-size="18" fill="#ccccdc">${escapeXml(title)}</text>${inner}</svg>`;
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}
