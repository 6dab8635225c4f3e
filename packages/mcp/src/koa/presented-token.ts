import type { Context } from 'koa';

/**
 * The raw access token of a request `bearerAuth` accepted: `ctx.state.bearerToken`, which
 * `bearerAuth` sets, else read again from the single `Authorization: Bearer` header it has checked.
 */
export function presentedToken(ctx: Context): string | undefined {
  const { bearerToken } = ctx.state as { bearerToken?: unknown };
  if (typeof bearerToken === 'string' && bearerToken !== '') return bearerToken;
  const match = /^bearer +(\S+) *$/i.exec(ctx.get('authorization'));
  return match?.[1];
}
