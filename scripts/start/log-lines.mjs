// Child output made readable: pino JSON lines become `[mcp] POST /mcp 401 2.1 ms` or
// `[auth] WARN  message key=value`; what a level hides is dropped.

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);
/** Lines worth a glance at the default level: requests, and the clean stop of each app. */
const DEFAULT_INFO = new Set(['request', 'authorization server stopped', 'MCP server stopped']);

/**
 * The readable form of one line of a child's output, or undefined to drop it.
 * `verbosity`: `quiet` (warnings and errors), `default` (+ request lines and stops), `verbose` (all).
 * @param {string} line
 * @param {'quiet' | 'default' | 'verbose'} verbosity
 * @returns {string | undefined}
 */
export function readableLine(line, verbosity) {
  if (line.trim() === '') return undefined;
  const entry = parseJson(line);
  if (entry === undefined) return line;
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  const shown =
    level >= 40 ||
    verbosity === 'verbose' ||
    (verbosity === 'default' && DEFAULT_INFO.has(message));
  if (!shown) return undefined;
  if (message === 'request' && level < 40) {
    return `${entry.method} ${entry.path} ${entry.status} ${entry.ms} ms`;
  }
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN_FIELDS.has(key))
    .map(([key, value]) => `${key}=${describe(value)}`);
  return [(LEVELS[level] ?? String(level)).padEnd(5), message, ...fields].join(' ');
}

/**
 * The `msg` of a pino JSON line, or undefined for any other line.
 * @param {string} line
 * @returns {string | undefined}
 */
export function messageOf(line) {
  const entry = parseJson(line);
  return typeof entry?.msg === 'string' ? entry.msg : undefined;
}

/** @param {unknown} value */
function describe(value) {
  if (typeof value === 'object' && value !== null) {
    if ('message' in value && typeof value.message === 'string')
      return JSON.stringify(value.message);
    return JSON.stringify(value);
  }
  return typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : String(value);
}

/** @param {string} line @returns {Record<string, unknown> | undefined} */
function parseJson(line) {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
