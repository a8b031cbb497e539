import type { Row } from '../lib/dashboard.js';
import { panel } from '../lib/panels.js';
import { orZero, rate } from '../lib/query.js';

const LINES = 'outrider_log_lines_total';

const linesByLevel = () =>
  panel({
    title: 'Log lines by level',
    kind: 'timeseries',
    unit: 'ops',
    queries: [{ expr: `sum by (level) (${rate(LINES)})`, legend: '{{level}}' }],
  });

const errorLines = () =>
  panel({
    title: 'Error log lines',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      {
        expr: orZero(
          `sum by (instance, logger) (${rate(LINES, 'level=~"error|fatal"')})`,
          `sum by (instance, logger) (${rate(LINES)})`,
        ),
        legend: '{{instance}} {{logger}}',
      },
    ],
  });

/** @outrider/logger: log volume by level, and errors per logger. */
export function logsRow(): Row {
  return { title: 'Logs', panels: [linesByLevel(), errorLines()] };
}
