import { Router } from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { ServerContext } from '../context.js';
import { documentFetchBudget, rateLimit } from '../http/rate-limit.js';
import { createSessionManager } from '../session/session.js';
import { recordEvent } from './authorize/audit.js';
import { consentHandler } from './authorize/consent.js';
import { type AuthorizeDeps, proceed, renderLogin, sessionUser } from './authorize/flow.js';
import { createFormStateCodec } from './authorize/form-state.js';
import { loginHandler } from './authorize/login.js';
import { createLoginThrottle } from './authorize/login-throttle.js';
import { answerRequestError } from './authorize/request-error.js';
import { pageFailure, sendErrorPage, TOO_MANY_ATTEMPTS } from './authorize/respond.js';
import { validateAuthorizationRequest } from './authorize/validate-request.js';

/** Options of {@link authorizeRoutes}. */
export interface AuthorizeRoutesOptions {
  /** Signs session cookies, CSRF tokens and form state (see `loadSessionSecret`); at least 32 bytes. */
  sessionSecret: Uint8Array;
  /** Absolute session lifetime. Default 900 s. */
  sessionTtlSeconds?: number;
  /** How long a login or consent form stays valid. Default 600 s. */
  formTtlSeconds?: number;
  /**
   * Runs before both POST handlers. Default: the `authorize` budget of `config.rateLimits` per client
   * address (`http/rate-limit.ts`), answered with an HTML page when exceeded.
   */
  rateLimit?: Middleware;
  /** Where the endpoint is mounted. Default `/authorize` (the login form posts to `<path>/login`). */
  path?: string;
}

/**
 * The authorization endpoint (A4-A10):
 * - `GET /authorize` checks the client and redirect URI (an error page when either is not verified,
 *   never a redirect), then `response_type=code`, PKCE S256, `resource`, `scope` and `state` (errors go
 *   back with `error`, `error_description`, `state` and `iss`: a 303 for a client the administrator
 *   configured; for a DCR or CIMD client a page with a link back, never an automatic redirect, RFC 9700
 *   section 4.11.2, see `answerRequestError`); then the login page, or
 *   the consent page, or straight back with a code when this user gave this client consent for every
 *   requested scope at this resource before.
 * - `POST /authorize/login` the login form; `POST /authorize` the consent form (`approve` / `deny`).
 *   Both check the session's CSRF token and the signed form state that carries the request.
 * A `GET` whose client's metadata document must be fetched spends a point of the `documents` budget
 * (a 429 page over it); the POSTs spend the `authorize` budget.
 * Every page is sent with CSP `frame-ancestors 'none'`, `X-Frame-Options: DENY` and `no-store`; no CORS.
 */
export function authorizeRoutes(server: ServerContext, options: AuthorizeRoutesOptions): Router {
  const path = options.path ?? '/authorize';
  const deps: AuthorizeDeps = {
    server,
    sessions: createSessionManager({
      secret: options.sessionSecret,
      secure: server.config.issuer.startsWith('https:'),
      ...(options.sessionTtlSeconds === undefined ? {} : { ttlSeconds: options.sessionTtlSeconds }),
    }),
    forms: createFormStateCodec(options.sessionSecret, options.formTtlSeconds),
    logins: createLoginThrottle(),
    paths: { authorize: path, login: `${path}/login` },
  };
  const limit = htmlThrottle(options.rateLimit ?? rateLimit(server, 'authorize'));
  const router = new Router();
  router.get(
    path,
    guarded(deps, (ctx) => authorizeGet(ctx, deps)),
  );
  router.post(
    path,
    limit,
    guarded(deps, (ctx) => consentHandler(ctx, deps)),
  );
  router.post(
    `${path}/login`,
    limit,
    guarded(deps, (ctx) => loginHandler(ctx, deps)),
  );
  return router;
}

/** A throttled form POST gets a page, not the JSON body the shared limiter writes. */
function htmlThrottle(limiter: Middleware): Middleware {
  return async (ctx, next) => {
    let passed = false;
    await limiter(ctx, async () => {
      passed = true;
      await next();
    });
    if (!passed && ctx.status === 429) {
      sendErrorPage(ctx, pageFailure('ERR_AS_RATE_LIMITED', TOO_MANY_ATTEMPTS, 429));
    }
  };
}

/** An unexpected failure (the store is down, …) is logged and shown as a page: no stack, no redirect. */
function guarded(deps: AuthorizeDeps, handler: (ctx: Context) => Promise<void>): Middleware {
  return async (ctx) => {
    try {
      await handler(ctx);
    } catch (error) {
      deps.server.log.error({ err: error }, 'authorize: unexpected failure');
      recordEvent(ctx, deps.server, {
        type: 'authorization.denied',
        outcome: 'failure',
        reason: 'ERR_AS_AUTHORIZE_INTERNAL',
      });
      sendErrorPage(
        ctx,
        pageFailure(
          'ERR_AS_AUTHORIZE_INTERNAL',
          'Something went wrong on our side. Try again later.',
          500,
        ),
      );
    }
  };
}

async function authorizeGet(ctx: Context, deps: AuthorizeDeps): Promise<void> {
  const { server } = deps;
  const validated = await validateAuthorizationRequest(
    server,
    ctx.querystring,
    documentFetchBudget(server, ctx),
  );
  if (validated.kind === 'page') {
    recordEvent(ctx, server, {
      type: 'authorization.denied',
      outcome: 'failure',
      reason: validated.failure.code,
    });
    sendErrorPage(ctx, validated.failure);
    return;
  }
  if (validated.kind === 'redirect') {
    answerRequestError(ctx, server, validated);
    return;
  }
  const session = deps.sessions.ensure(ctx, server.now());
  const user = await sessionUser(deps, session);
  if (user === undefined) {
    renderLogin(ctx, deps, session, validated);
    return;
  }
  await proceed(ctx, deps, session, user, validated);
}
