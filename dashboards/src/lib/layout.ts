import type { GridPos } from '@grafana/grafana-foundation-sdk/dashboard';

const GRID_WIDTH = 24;

interface Placeable {
  type?: string;
  gridPos?: GridPos;
}

/**
 * Lays panels out left to right, wrapping before a panel that would cross the grid's right edge;
 * a row starts a new line. (The SDK's builder wraps only after a line is full, so a 12-wide panel
 * after 18 columns would hang off the grid.)
 */
export function layOut(panels: readonly Placeable[]): void {
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  const newLine = () => {
    y += lineHeight;
    x = 0;
    lineHeight = 0;
  };
  for (const panel of panels) {
    const w = Math.min(panel.gridPos?.w ?? GRID_WIDTH, GRID_WIDTH);
    const h = panel.gridPos?.h ?? 8;
    if (panel.type === 'row' || x + w > GRID_WIDTH) newLine();
    if (panel.type === 'row') {
      panel.gridPos = { x: 0, y, w: GRID_WIDTH, h: 1 };
      y += 1;
      continue;
    }
    panel.gridPos = { x, y, w, h };
    x += w;
    lineHeight = Math.max(lineHeight, h);
  }
}
