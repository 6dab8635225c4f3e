import {
  compact,
  escapeXml,
  FONT,
  GATEHOUSE_COLOUR,
  linearTicks,
  logTicks,
  OTHER_COLOUR,
  svgDocument,
} from './svg-common.js';

/** One bar: a label, a value, and whether it is Gatehouse (drawn in the highlight colour). */
export interface Bar {
  label: string;
  value: number;
  gatehouse?: boolean;
  /** Shown after the value, e.g. "p99 12.3 ms". */
  note?: string;
}

export interface BarChart {
  title: string;
  /** The unit of the values, under the axis ("requests/s"). */
  unit: string;
  bars: Bar[];
  /** A log scale, for values spread over several orders of magnitude. */
  log?: boolean;
}

const WIDTH = 860;
const LABEL_WIDTH = 360;
const ROW = 28;
const TOP = 44;
const PLOT = WIDTH - LABEL_WIDTH - 150;

/** A horizontal bar chart as an SVG document (no dependencies: plain text). */
export function barChart(chart: BarChart): string {
  const values = chart.bars.map((bar) => bar.value).filter((v) => v > 0);
  const max = Math.max(...values, 1);
  const min = Math.min(...values, max);
  const ticks = chart.log ? logTicks(min, max) : linearTicks(max);
  const lo = chart.log ? Math.log10(ticks[0] as number) : 0;
  const hi = chart.log ? Math.log10(ticks.at(-1) as number) : (ticks.at(-1) as number);
  const x = (value: number) => {
    const v = chart.log ? Math.log10(Math.max(value, ticks[0] as number)) : value;
    return LABEL_WIDTH + ((v - lo) / (hi - lo || 1)) * PLOT;
  };
  const height = TOP + chart.bars.length * ROW + 48;
  const body: string[] = [];
  for (const tick of ticks) {
    const tx = x(tick).toFixed(1);
    body.push(
      `<line x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${TOP + chart.bars.length * ROW}" stroke="#e3e6ec"/>`,
      `<text x="${tx}" y="${TOP + chart.bars.length * ROW + 16}" ${FONT} font-size="11" fill="#5b6475" text-anchor="middle">${compact(tick)}</text>`,
    );
  }
  chart.bars.forEach((bar, index) => {
    const y = TOP + index * ROW;
    const end = x(bar.value);
    const colour = bar.gatehouse ? GATEHOUSE_COLOUR : OTHER_COLOUR;
    const text = `${compact(bar.value)}${bar.note === undefined ? '' : `  ${bar.note}`}`;
    body.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 17}" ${FONT} font-size="12" fill="#1d2330" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${Math.max(1, end - LABEL_WIDTH).toFixed(1)}" height="${ROW - 8}" fill="${colour}" rx="2"/>`,
      `<text x="${(end + 6).toFixed(1)}" y="${y + 17}" ${FONT} font-size="11" fill="#1d2330">${escapeXml(text)}</text>`,
    );
  });
  body.push(
    `<text x="${LABEL_WIDTH + PLOT / 2}" y="${height - 10}" ${FONT} font-size="11" fill="#5b6475" text-anchor="middle">${escapeXml(chart.unit)}${chart.log ? ' (log scale)' : ''}</text>`,
  );
  return svgDocument(WIDTH, height, chart.title, body);
}
