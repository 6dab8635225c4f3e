import { GatehouseError } from '@gatehouse/errors';

/** A step of the story did not go as the MCP authorization spec says it should. */
export class DemoDeviation extends GatehouseError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('ERR_DEMO_DEVIATION', message, options);
    this.name = 'DemoDeviation';
  }
}

/** Throws a {@link DemoDeviation} unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoDeviation(message);
}

/** The parts of an exchange that {@link expectExchanges} matches. */
interface Matchable {
  method: string;
  url: URL;
  status: number;
}

/**
 * Checks that `exchanges` contain, in this order (others may come between), one exchange per
 * pattern `"<METHOD> <path> <status>[|<status>…]"`, e.g. `"POST /mcp 401"`.
 */
export function expectExchanges(
  exchanges: readonly Matchable[],
  patterns: readonly string[],
): void {
  let at = 0;
  for (const pattern of patterns) {
    const [method, path, statuses = ''] = pattern.split(' ');
    const allowed = statuses.split('|').map(Number);
    const found = exchanges
      .slice(at)
      .findIndex(
        (e) => e.method === method && e.url.pathname === path && allowed.includes(e.status),
      );
    if (found === -1) {
      const seen = exchanges
        .slice(at)
        .map((e) => `${e.method} ${e.url.pathname} ${e.status}`)
        .join(', ');
      throw new DemoDeviation(`expected ${pattern}; saw: ${seen || 'nothing'}`);
    }
    at += found + 1;
  }
}
