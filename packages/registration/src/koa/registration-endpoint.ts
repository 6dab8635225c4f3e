import { GatehouseError, resolveOptions, toOAuthErrorResponse } from '@gatehouse/errors';
import type { Context, Middleware, Next } from 'koa';
import type { ClientStore } from '../client-store.js';
import { RegistrationError } from '../errors.js';
import { type RegistrationPolicy, requirePolicy } from '../policy.js';
import { type RegistrationResponse, registerClient } from '../register-client.js';
import { readJsonBody } from './read-json-body.js';

/** What a rate-limit hook decides for one registration request. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds?: number };

/** The registered client as an {@link RegistrationEndpointOptions.onRegistered} hook sees it: never the secret. */
export type RegisteredClient = Omit<RegistrationResponse, 'client_secret'>;

/** A refused registration request, as an {@link RegistrationEndpointOptions.onRejected} hook sees it. */
export interface RegistrationRejection {
  /** The error's stable code (`ERR_REGISTRATION_*`), or `ERR_UNKNOWN` when it has none (a bug: 500). */
  code: string;
  /** The HTTP status answered. */
  status: number;
  /** The OAuth `error` answered (`invalid_client_metadata`, `temporarily_unavailable`...). */
  error: string;
  /** What was thrown. */
  cause: unknown;
}

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
  /**
   * Called after a `POST` registered a client (201, also when an identical registration returned the
   * existing client), before the answer goes out, with the response body minus `client_secret`: record
   * `client.registered` here. An error it throws is emitted on the app's `error` event and changes
   * nothing in the answer.
   */
  onRegistered?: ((client: RegisteredClient, ctx: Context) => void | Promise<void>) | undefined;
  /**
   * Called when a `POST` is refused (400, 413, 429, 503, 500), before the answer goes out: record
   * `client.rejected` here. An error it throws is emitted on the app's `error` event and changes
   * nothing in the answer.
   */
  onRejected?:
    | ((rejection: RegistrationRejection, ctx: Context) => void | Promise<void>)
    | undefined;
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
 * The `onRegistered` and `onRejected` hooks see each outcome (for an audit trail) without parsing the
 * answer.
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
      onRegistered: undefined,
      onRejected: undefined,
    },
    required: ['store', 'policy'],
  });
  const policy = requirePolicy('registrationEndpoint', config.policy);
  const limit = config.maxBodyBytes ?? 16_384;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new TypeError('registrationEndpoint: maxBodyBytes must be a positive integer');
  }
  const { store, rateLimit, clock, path = '/register', onRegistered, onRejected } = config;
  for (const [hook, value] of Object.entries({ onRegistered, onRejected })) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`registrationEndpoint: ${hook} must be a function`);
    }
  }
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
      const registered = await registerClient(body, { store, policy, clock });
      send(ctx, 201, registered);
      if (onRegistered !== undefined) {
        const { client_secret: _secret, ...client } = registered;
        await notify(ctx, () => onRegistered(client, ctx));
      }
    } catch (error) {
      const { status, body } = toOAuthErrorResponse(error);
      if (!GatehouseError.isInstance(error) || !error.expose) ctx.app.emit('error', error, ctx);
      send(ctx, status, body);
      if (onRejected !== undefined) {
        const code = GatehouseError.isInstance(error) ? error.code : 'ERR_UNKNOWN';
        const rejection = { code, status, error: String(body.error), cause: error };
        await notify(ctx, () => onRejected(rejection, ctx));
      }
    }
  };
}

/** Runs a hook; a failure goes to the app's `error` event, never into the answer. */
async function notify(ctx: Context, hook: () => void | Promise<void>): Promise<void> {
  try {
    await hook();
  } catch (error) {
    ctx.app.emit('error', error, ctx);
  }
}
