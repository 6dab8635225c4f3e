/**
 * An invalid configuration: `code` `ERR_CONFIG_INVALID`, with every problem found, each naming its
 * setting. (A `GatehouseError` would be the convention; `@gatehouse/errors` is not a dependency of
 * this app yet.)
 */
export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG_INVALID';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = Object.freeze([...problems]);
  }
}
