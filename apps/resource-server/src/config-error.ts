import { GatehouseError } from '@gatehouse/errors';

/**
 * An invalid configuration: a `GatehouseError` with `code` `ERR_CONFIG_INVALID` and every problem
 * found in `problems`, each naming its setting. Not a wire error (no `oauthError`, not exposed): the
 * CLI prints it and exits with code 2.
 */
export class ConfigError extends GatehouseError {
  declare readonly code: 'ERR_CONFIG_INVALID';
  /** One line per problem, each starting with the setting it concerns. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('ERR_CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = Object.freeze([...problems]);
  }

  /** Whether `value` is an invalid-configuration error (from any copy of this app). */
  static override isInstance(value: unknown): value is ConfigError {
    return (
      GatehouseError.isInstance(value) &&
      value.code === 'ERR_CONFIG_INVALID' &&
      Array.isArray((value as { problems?: unknown }).problems)
    );
  }
}
