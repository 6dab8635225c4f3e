/** Shared pieces of the SVG charts: escaping, number format, colours, the document frame. */

export const FONT =
  'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
/** Gatehouse first, then the peers and baselines. */
export const PALETTE = [
  '#2f6fdf',
  '#e07b2a',
  '#3aa55d',
  '#9b59b6',
  '#c0392b',
  '#7f8c8d',
  '#16a085',
  '#d4ac0d',
];
export const GATEHOUSE_COLOUR = PALETTE[0] as string;
export const OTHER_COLOUR = '#8a94a6';

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** 1234567 -> "1.23M", 15320 -> "15.3k", 812.4 -> "812", 3.21 -> "3.21". */
export function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toPrecision(3)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toPrecision(3)}k`;
  if (abs >= 100 || Number.isInteger(value)) return Math.round(value).toString();
  return value.toPrecision(3);
}

/** Round tick values covering [0, max]: about `count` of them, at 1, 2 or 5 times a power of ten. */
export function linearTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let tick = 0; tick <= max + step * 0.999; tick += step) ticks.push(tick);
  return ticks;
}

/** Powers of ten covering [min, max], for log scales. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
    ticks.push(10 ** e);
  return ticks;
}

/** An SVG document of the given size with a white background and a title. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" ${FONT} font-size="15" font-weight="600" fill="#1d2330">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
