import type { Exchange } from './http-log.js';
import type { StepReport } from './story.js';

/** Terminal styling, off when the output is not a terminal or `NO_COLOR` is set. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  ok(text: string): string;
  bad(text: string): string;
}

/** ANSI styles for `stream` (plain text when it is not a TTY, or with `NO_COLOR`). */
export function styleFor(stream: { isTTY?: boolean }, env = process.env): Style {
  const on = stream.isTTY === true && env.NO_COLOR === undefined;
  const wrap = (open: number, close: number) => (text: string) =>
    on ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { bold: wrap(1, 22), dim: wrap(2, 22), ok: wrap(32, 39), bad: wrap(31, 39) };
}

/** The lines printed for a step: its title and timing, each exchange, then what it showed. */
export function formatStep(
  report: StepReport,
  index: number,
  origins: { mcp: string },
  style: Style,
): string[] {
  const title = `${index + 1}. ${report.title}`;
  const lines = ['', `${style.bold(title)}  ${ms(report.ms)}`, `   ${style.dim(report.phases)}`];
  for (const exchange of report.exchanges) lines.push(formatExchange(exchange, origins, style));
  for (const fact of report.facts) lines.push(`   ${style.ok('✓')} ${fact}`);
  if (report.error !== undefined)
    lines.push(`   ${style.bad('✗')} ${style.bad(report.error.message)}`);
  return lines;
}

/**
 * Two lines per exchange: `auth POST /token  grant_type=refresh_token  -> 200  6.0 ms`, then the key
 * header or fields of the response.
 */
export function formatExchange(exchange: Exchange, origins: { mcp: string }, style: Style): string {
  const server = exchange.url.origin === origins.mcp ? 'mcp ' : 'auth';
  const status =
    exchange.status >= 400 ? style.bad(String(exchange.status)) : String(exchange.status);
  const request = exchange.request === '' ? '' : ` ${clip(exchange.request, 70)}`;
  const head = `     ${style.dim(server)} ${exchange.method} ${exchange.url.pathname}${request}`;
  const line = `${head}  -> ${status}  ${style.dim(ms(exchange.ms))}`;
  return exchange.response === ''
    ? line
    : `${line}\n          ${style.dim(clip(exchange.response, 150))}`;
}

/** The closing table: each step's time and number of HTTP exchanges, and the verdict. */
export function formatSummary(
  reports: readonly StepReport[],
  total: number,
  style: Style,
): string[] {
  const failed = reports.find((report) => report.error !== undefined);
  const lines = [
    '',
    style.bold('Timings'),
    `   ${'step'.padEnd(24)} ${'time'.padStart(9)}  HTTP exchanges`,
  ];
  for (const report of reports) {
    const mark = report.error === undefined ? style.ok('✓') : style.bad('✗');
    lines.push(
      ` ${mark} ${report.title.padEnd(24)} ${ms(report.ms).padStart(9)}  ${report.exchanges.length}`,
    );
  }
  const exchanges = reports.reduce((sum, report) => sum + report.exchanges.length, 0);
  lines.push(`   ${'total'.padEnd(24)} ${ms(total).padStart(9)}  ${exchanges}`, '');
  lines.push(
    failed === undefined
      ? style.ok(`Every step went as the MCP authorization spec says (${reports.length} steps).`)
      : style.bad(`The story deviated at "${failed.title}": ${failed.error?.message}`),
  );
  return lines;
}

function ms(value: number): string {
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
