import { GatehouseError, resolveOptions, toOAuthErrorResponse } from '@gatehouse/errors';
import type { Context, Middleware, Next } from 'koa';
import type { ClientStore } from '../client-store.js';
import { RegistrationError } from '../errors.js';
import { type RegistrationPolicy, requirePolicy } from '../policy.js';
import { registerClient } from '../register-client.js';
import { readJsonBody } from './read-json-body.js';

/** What a rate-limit hook decides for one registration request. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds?: number };

/** Options of {@link registrationEndpoint}. */
export interface RegistrationEndpointOptions {
  store: ClientStore;
  policy: RegistrationPolicy;
  /** The path served. Default `/register`. */
  path?: string;
  /** Largest accepted request body, in bytes. Default 16,384. */
  maxBodyBytes?: number;
  /**
   * Called before anything else for every `POST`; a refusal is answered 429 with `Retry-After`. Key it
   * on what your deployment trusts (the client address behind your proxy, an API key...).
   */
  rateLimit?: (ctx: Context) => RateLimitDecision | Promise<RateLimitDecision>;
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: (() => number) | undefined;
}

function send(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  ctx.type = 'application/json';
  ctx.body = body;
}

/**
 * Koa middleware for the RFC 7591 registration endpoint: `POST <path>` with a JSON body (size-capped)
 * answers 201 with the registration (see `registerClient`), or the OAuth error with its status: 400
 * `invalid_redirect_uri` / `invalid_client_metadata` / `invalid_request`, 413 for an oversized body,
 * 429 when the rate-limit hook refuses, 503 `temporarily_unavailable` at the client cap, 500
 * `server_error` for anything unexpected (emitted on the app's `error` event, never shown). Every
 * answer carries `Cache-Control: no-store`. Other methods on the path get 405; other paths pass through.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { createMemoryClientStore, createRegistrationPolicy } from '@gatehouse/registration';
 * import { registrationEndpoint } from '@gatehouse/registration/koa';
 *
 * const app = new Koa();
 * app.use(registrationEndpoint({
 *   store: createMemoryClientStore(),
 *   policy: createRegistrationPolicy({ allowedScopes: ['mcp:tools:*'] }),
 *   rateLimit: (ctx) => limiter.take(ctx.ip) ? { allowed: true } : { allowed: false, retryAfterSeconds: 60 },
 * }));
 * ```
 */
export function registrationEndpoint(options: RegistrationEndpointOptions): Middleware {
  const config = resolveOptions<RegistrationEndpointOptions>('registrationEndpoint', options, {
    defaults: {
      store: undefined,
      policy: undefined,
      path: '/register',
      maxBodyBytes: 16_384,
      rateLimit: undefined,
      clock: () => Date.now(),
    },
    required: ['store', 'policy'],
  });
  const policy = requirePolicy('registrationEndpoint', config.policy);
  const limit = config.maxBodyBytes ?? 16_384;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new TypeError('registrationEndpoint: maxBodyBytes must be a positive integer');
  }
  const { store, rateLimit, clock, path = '/register' } = config;
  return async (ctx: Context, next: Next) => {
    if (ctx.path !== path) return next();
    if (ctx.method !== 'POST') {
      ctx.set('Allow', 'POST');
      send(ctx, 405, { error: 'invalid_request', error_description: 'use POST' });
      return;
    }
    try {
      const decision = rateLimit === undefined ? { allowed: true } : await rateLimit(ctx);
      if (!decision.allowed) {
        const retry = 'retryAfterSeconds' in decision ? decision.retryAfterSeconds : undefined;
        if (retry !== undefined) ctx.set('Retry-After', String(Math.max(0, Math.ceil(retry))));
        throw new RegistrationError(
          'ERR_REGISTRATION_RATE_LIMITED',
          'too many registration requests',
        );
      }
      const body = await readJsonBody(ctx, limit);
      send(ctx, 201, await registerClient(body, { store, policy, clock }));
    } catch (error) {
      const { status, body } = toOAuthErrorResponse(error);
      if (!GatehouseError.isInstance(error) || !error.expose) ctx.app.emit('error', error, ctx);
      send(ctx, status, body);
    }
  };
}
