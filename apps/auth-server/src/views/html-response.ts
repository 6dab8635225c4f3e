import type { Context } from 'koa';
import { STYLESHEET_HASH } from './stylesheet.js';

/** Options of {@link sendHtml}. */
export interface HtmlResponseOptions {
  /**
   * Where this page's forms may lead besides this server: the verified redirect URI's origin (or
   * private-use scheme), because browsers apply `form-action` to the 303 that follows the POST.
   */
  formTargets?: readonly string[];
  /** Whether the page has forms at all (error pages do not). Default true. */
  forms?: boolean;
}

/** The Content-Security-Policy of a page. */
export function contentSecurityPolicy(options: HtmlResponseOptions = {}): string {
  const formAction =
    options.forms === false ? "'none'" : ["'self'", ...(options.formTargets ?? [])].join(' ');
  return [
    "default-src 'none'",
    `style-src ${STYLESHEET_HASH}`,
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * Sends a server-rendered page with the headers every page gets: CSP (no scripts, the stylesheet by
 * hash, `frame-ancestors 'none'`), `X-Frame-Options: DENY`, `Cache-Control: no-store`,
 * `Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff`.
 */
export function sendHtml(
  ctx: Context,
  status: number,
  html: string,
  options: HtmlResponseOptions = {},
): void {
  ctx.status = status;
  ctx.set('Content-Security-Policy', contentSecurityPolicy(options));
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = html;
}

/**
 * The CSP source for a verified redirect URI: its origin for http(s), `scheme:` for a private-use
 * scheme; undefined when it cannot be expressed safely (the browser then refuses that redirect, which
 * fails closed).
 */
export function formTargetFor(redirectUri: string): string | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(redirectUri)?.[1]?.toLowerCase();
  if (scheme === undefined) return undefined;
  if (scheme !== 'http' && scheme !== 'https') return `${scheme}:`;
  try {
    const origin = new URL(redirectUri).origin;
    return /^https?:\/\/[A-Za-z0-9.-]+(?::\d+)?$/.test(origin) ? origin : `${scheme}:`;
  } catch {
    return undefined;
  }
}
