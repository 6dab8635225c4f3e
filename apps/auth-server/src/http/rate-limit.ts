import type { Context, Middleware, Next } from 'koa';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { FetchBudget, RateLimitName, ServerContext } from '../context.js';
import { oauthError } from '../oauth/errors.js';
import { sendJson } from './oauth-errors.js';

const limiters = new WeakMap<ServerContext, Map<RateLimitName, RateLimiterMemory>>();

function limiterFor(server: ServerContext, name: RateLimitName): RateLimiterMemory {
  let byName = limiters.get(server);
  if (byName === undefined) {
    byName = new Map();
    limiters.set(server, byName);
  }
  let limiter = byName.get(name);
  if (limiter === undefined) {
    const { points, durationSeconds } = server.config.rateLimits[name];
    limiter = new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds });
    byName.set(name, limiter);
  }
  return limiter;
}

/** Takes one point from `name`'s budget for the request's address (for hooks such as DCR's). */
export async function consumeRateLimit(
  server: ServerContext,
  name: RateLimitName,
  ctx: Context,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  try {
    await limiterFor(server, name).consume(ctx.ip || 'unknown');
    return { allowed: true };
  } catch (result) {
    if (!(result instanceof RateLimiterRes)) throw result;
    recordThrottled(ctx, name);
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
    };
  }
}

/**
 * The requester's `documents` budget, spent when looking a client up means fetching its metadata
 * document (`ClientResolver.resolve`): over it, `Retry-After` is set and the lookup rejects with
 * `ERR_AS_RATE_LIMITED` (429 `temporarily_unavailable`), without fetching.
 */
export function documentFetchBudget(server: ServerContext, ctx: Context): FetchBudget {
  return async () => {
    const decision = await consumeRateLimit(server, 'documents', ctx);
    if (decision.allowed) return;
    ctx.set('Retry-After', String(decision.retryAfterSeconds));
    throw oauthError(
      'ERR_AS_RATE_LIMITED',
      'temporarily_unavailable',
      'too many client metadata documents fetched from this address; retry later',
      { status: 429 },
    );
  };
}

function recordThrottled(ctx: Context, name: RateLimitName): void {
  (ctx.state as { audit?: { record(event: object): unknown } }).audit?.record({
    type: 'request.throttled',
    reason: 'ERR_AS_RATE_LIMITED',
    details: { limit: name },
  });
}

/**
 * A per-client-address rate limit (in memory, `rate-limiter-flexible`), one budget per `name` and
 * server, from `config.rateLimits`. The address is `ctx.ip`: the socket's peer, or, only with
 * `trustProxy`, the address the one trusted proxy appended to `X-Forwarded-For` (the app sets
 * `proxy` and `maxIpsCount: 1`), so a client cannot pick its own key. Over the budget: 429
 * `temporarily_unavailable` with `Retry-After`, and a `request.throttled` audit event.
 *
 * @example
 * ```ts
 * router.post('/authorize', rateLimit(server, 'authorize'), handler);
 * ```
 */
export function rateLimit(server: ServerContext, name: RateLimitName): Middleware {
  return async (ctx: Context, next: Next) => {
    const decision = await consumeRateLimit(server, name, ctx);
    if (!decision.allowed) {
      ctx.set('Retry-After', String(decision.retryAfterSeconds));
      sendJson(ctx, 429, {
        error: 'temporarily_unavailable',
        error_description: 'too many requests; retry later',
      });
      return;
    }
    await next();
  };
}
