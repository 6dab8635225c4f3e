import { GatehouseError } from '@gatehouse/errors';

/**
 * What the guards read from `ctx.state.auth`, as set by a bearer-token middleware that ran before them
 * (such as `bearerAuth` from `@gatehouse/tokens/koa`): `scopes` and `claims` for the decision, and
 * `subject` and `clientId` (when strings) for the audit events.
 */
export interface ScopeAuthState {
  /** The granted scopes. */
  scopes: readonly string[];
  /** The token's claims, for policies that read them. */
  claims?: Readonly<Record<string, unknown>> | undefined;
  /** The end user (`sub`), for audit events. */
  subject?: string | undefined;
  /** The OAuth client, for audit events. */
  clientId?: string | undefined;
}

/**
 * The verified token on `ctx.state.auth`, or a `GatehouseError` (unexposed, so it goes out as a bare
 * 500 `server_error`): a guard mounted without a token middleware before it is a configuration
 * mistake, and it must fail closed rather than look like a missing scope.
 */
export function readAuthState(state: unknown): ScopeAuthState | GatehouseError {
  const auth =
    typeof state === 'object' && state !== null ? (state as { auth?: unknown }).auth : undefined;
  if (typeof auth !== 'object' || auth === null) {
    return new GatehouseError(
      'ERR_SCOPE_AUTH_STATE_MISSING',
      'no verified token on ctx.state.auth: mount a bearer-token middleware before the scope guard',
    );
  }
  const { scopes, claims, subject, clientId } = auth as Record<string, unknown>;
  if (
    !Array.isArray(scopes) ||
    (claims !== undefined && (typeof claims !== 'object' || claims === null))
  ) {
    return new GatehouseError(
      'ERR_SCOPE_AUTH_STATE_MISSING',
      'ctx.state.auth has no scopes array (or a non-object claims)',
    );
  }
  return {
    scopes: scopes.filter((scope): scope is string => typeof scope === 'string'),
    claims: claims as Readonly<Record<string, unknown>> | undefined,
    subject: typeof subject === 'string' ? subject : undefined,
    clientId: typeof clientId === 'string' ? clientId : undefined,
  };
}
