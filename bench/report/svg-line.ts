import {
  compact,
  escapeXml,
  FONT,
  linearTicks,
  logTicks,
  PALETTE,
  svgDocument,
} from './svg-common.js';

/** A named series of (x, y) points; the first series of a chart is drawn in Gatehouse's colour. */
export interface Series {
  name: string;
  points: [number, number][];
}

/** One panel: a y quantity over the shared x axis. */
export interface Panel {
  yLabel: string;
  series: Series[];
  /** A log y scale (latencies that grow by orders of magnitude). */
  logY?: boolean;
}

export interface LineChart {
  title: string;
  xLabel: string;
  /** The x values are drawn on a log scale (1, 10, 100, 1000). */
  panels: Panel[];
}

const PANEL_WIDTH = 400;
const PANEL_HEIGHT = 250;
const LEFT = 60;
const TOP = 70;

function drawPanel(panel: Panel, offsetX: number, xs: number[]): string[] {
  const ys = panel.series.flatMap((s) => s.points.map(([, y]) => y)).filter((y) => y > 0);
  const yMax = Math.max(...ys, 1);
  const yMin = Math.min(...ys, yMax);
  const yTicks = panel.logY ? logTicks(yMin, yMax) : linearTicks(yMax);
  const yLo = panel.logY ? Math.log10(yTicks[0] as number) : 0;
  const yHi = panel.logY ? Math.log10(yTicks.at(-1) as number) : (yTicks.at(-1) as number);
  const xLo = Math.log10(Math.min(...xs));
  const xHi = Math.log10(Math.max(...xs));
  const px = (x: number) =>
    offsetX + LEFT + ((Math.log10(x) - xLo) / (xHi - xLo || 1)) * (PANEL_WIDTH - LEFT - 20);
  const py = (y: number) => {
    const v = panel.logY ? Math.log10(Math.max(y, yTicks[0] as number)) : y;
    return TOP + PANEL_HEIGHT - ((v - yLo) / (yHi - yLo || 1)) * PANEL_HEIGHT;
  };
  const out: string[] = [];
  for (const tick of yTicks) {
    const y = py(tick).toFixed(1);
    out.push(
      `<line x1="${offsetX + LEFT}" y1="${y}" x2="${offsetX + PANEL_WIDTH - 20}" y2="${y}" stroke="#e3e6ec"/>`,
      `<text x="${offsetX + LEFT - 6}" y="${y}" dy="4" ${FONT} font-size="11" fill="#5b6475" text-anchor="end">${compact(tick)}</text>`,
    );
  }
  for (const x of xs) {
    out.push(
      `<text x="${px(x).toFixed(1)}" y="${TOP + PANEL_HEIGHT + 16}" ${FONT} font-size="11" fill="#5b6475" text-anchor="middle">${compact(x)}</text>`,
    );
  }
  out.push(
    `<text x="${offsetX + LEFT}" y="${TOP - 10}" ${FONT} font-size="12" font-weight="600" fill="#1d2330">${escapeXml(panel.yLabel)}${panel.logY ? ' (log scale)' : ''}</text>`,
  );
  panel.series.forEach((series, index) => {
    const colour = PALETTE[index % PALETTE.length] as string;
    const path = series.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const [x, y] of series.points) {
      out.push(
        `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${colour}"/>`,
      );
    }
  });
  return out;
}

/** Panels side by side over a shared log-scale x axis, with one legend: an SVG document. */
export function lineChart(chart: LineChart): string {
  const xs = [
    ...new Set(chart.panels.flatMap((p) => p.series.flatMap((s) => s.points.map(([x]) => x)))),
  ].sort((a, b) => a - b);
  const width = chart.panels.length * PANEL_WIDTH + 20;
  const height = TOP + PANEL_HEIGHT + 50;
  const body: string[] = [];
  for (const [index, panel] of chart.panels.entries()) {
    body.push(...drawPanel(panel, 10 + index * PANEL_WIDTH, xs));
  }
  let legendX = 16;
  for (const [index, series] of (chart.panels[0]?.series ?? []).entries()) {
    const colour = PALETTE[index % PALETTE.length] as string;
    body.push(
      `<rect x="${legendX}" y="34" width="12" height="12" fill="${colour}" rx="2"/>`,
      `<text x="${legendX + 16}" y="44" ${FONT} font-size="12" fill="#1d2330">${escapeXml(series.name)}</text>`,
    );
    legendX += 28 + series.name.length * 6.6;
  }
  body.push(
    `<text x="${width / 2}" y="${height - 10}" ${FONT} font-size="11" fill="#5b6475" text-anchor="middle">${escapeXml(chart.xLabel)} (log scale)</text>`,
  );
  return svgDocument(width, height, chart.title, body);
}
