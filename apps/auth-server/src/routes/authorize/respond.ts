import { GatehouseError } from '@gatehouse/errors';
import type { Context } from 'koa';
import { errorPage } from '../../views/error-page.js';
import { sendHtml } from '../../views/html-response.js';

/**
 * The authorization response URL: the verified redirect URI (kept exactly as registered, so its own
 * query stays) with the parameters appended, `iss` always included (RFC 9207).
 */
export function authorizationResponseUrl(
  redirectUri: string,
  params: Readonly<Record<string, string | undefined>>,
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) query.append(name, value);
  }
  const separator = redirectUri.includes('?') ? '&' : '?';
  return `${redirectUri}${separator}${query.toString()}`;
}

/** Sends the browser back to the client with 303 (never 307, which would replay a POST body). */
export function redirectToClient(
  ctx: Context,
  redirectUri: string,
  params: Readonly<Record<string, string | undefined>>,
): void {
  ctx.status = 303;
  ctx.set('Location', authorizationResponseUrl(redirectUri, params));
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = 'Redirecting back to the app.';
}

/** The OAuth error fields a client may see; anything unexposed becomes a bare `server_error`. */
export function errorFields(error: unknown): { error: string; error_description?: string } {
  if (GatehouseError.isInstance(error) && error.expose && error.oauthError !== undefined) {
    return error.description === undefined
      ? { error: error.oauthError }
      : { error: error.oauthError, error_description: error.description };
  }
  return { error: 'server_error', error_description: 'the server could not complete the request' };
}

/** A page shown instead of a redirect: an unverified client or redirect URI, or a stale form. */
export interface PageFailure {
  code: string;
  title: string;
  message: string;
  status: number;
}

/** Renders a {@link PageFailure} with the page security headers (and no form target at all). */
export function sendErrorPage(ctx: Context, failure: PageFailure): void {
  sendHtml(ctx, failure.status, errorPage(failure), { forms: false });
}

/** What a page over a rate limit says. */
export const TOO_MANY_ATTEMPTS = 'Too many attempts. Wait a minute, then try again.';

/** Builds a {@link PageFailure}. */
export function pageFailure(code: string, message: string, status = 400): PageFailure {
  return { code, title: 'This sign-in request cannot continue', message, status };
}
