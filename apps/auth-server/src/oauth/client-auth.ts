import { GatehouseError } from '@gatehouse/errors';
import { type TokenEndpointAuthMethod, verifyClientSecret } from '@gatehouse/registration';
import type { Context } from 'koa';
import type { ResolvedClient, ServerContext } from '../context.js';
import type { FormParams } from '../http/form-body.js';
import { documentFetchBudget } from '../http/rate-limit.js';
import type { ClientJwksFetcher } from './client-jwks.js';
import { oauthError } from './errors.js';
import {
  assertionClientId,
  JWT_BEARER_ASSERTION_TYPE,
  verifyClientAssertion,
} from './private-key-jwt.js';

/** A client that proved who it is (or, for `none`, named itself). */
export interface AuthenticatedClient {
  client: ResolvedClient;
  method: TokenEndpointAuthMethod;
}

interface Presented {
  method: TokenEndpointAuthMethod;
  clientId: string;
  secret?: string;
  assertion?: string;
}

/** The one answer a client that did not prove who it is gets, whatever the reason. */
export const AUTHENTICATION_FAILED = 'client authentication failed';

/**
 * Client authentication at the token, revocation and introspection endpoints: `none` (a
 * `client_id` alone), `client_secret_basic`, `client_secret_post` (both checked in constant time by
 * `verifyClientSecret`, also for unknown clients) and `private_key_jwt` (RFC 7523). Exactly one
 * method per request (two: `invalid_request`); the method must be the one the client registered.
 * Failures are `invalid_client` (401 with `WWW-Authenticate: Basic`, see `oauthErrors`). Once the
 * request is well formed, every failure gets the same description, so an unknown client, a wrong
 * method, a wrong secret and a bad assertion look alike (the client's existence and registered
 * method stay hidden); the error keeps its own `code` for the audit `reason`.
 */
export async function authenticateClient(
  server: ServerContext,
  ctx: Context,
  form: FormParams,
  jwks: ClientJwksFetcher,
): Promise<AuthenticatedClient> {
  const presented = presentedCredentials(ctx, form);
  const now = server.now();
  const client = await server.clients.resolve(
    presented.clientId,
    now,
    documentFetchBudget(server, ctx),
  );
  try {
    return {
      client: await authenticate(server, presented, client, jwks, now),
      method: presented.method,
    };
  } catch (error) {
    throw uniform(error);
  }
}

async function authenticate(
  server: ServerContext,
  presented: Presented,
  client: ResolvedClient | undefined,
  jwks: ClientJwksFetcher,
  now: number,
): Promise<ResolvedClient> {
  if (presented.method === 'client_secret_basic' || presented.method === 'client_secret_post') {
    // runs for unknown clients too, so the answer takes as long whether the client exists or not
    await verifyClientSecret(client?.record, presented.secret, now);
  }
  if (client === undefined) {
    throw oauthError('ERR_AS_CLIENT_UNKNOWN', 'invalid_client', AUTHENTICATION_FAILED);
  }
  const registered = client.metadata.token_endpoint_auth_method;
  if (registered !== presented.method) {
    throw oauthError(
      'ERR_AS_CLIENT_AUTH_METHOD',
      'invalid_client',
      `the client is registered for ${registered} authentication`,
    );
  }
  if (presented.method === 'private_key_jwt') {
    const issuer = server.config.issuer;
    await verifyClientAssertion(client, presented.assertion ?? '', {
      issuer,
      tokenEndpoint: endpointUrl(issuer, '/token'),
      store: server.store,
      jwks,
      now,
    });
  }
  return client;
}

/**
 * An `invalid_client` refusal as {@link AUTHENTICATION_FAILED}, keeping its code (the audit reason),
 * message and cause. An expired secret keeps its description: the client presented the right one.
 * Anything else (a store failure) goes on unchanged.
 */
function uniform(error: unknown): unknown {
  if (!GatehouseError.isInstance(error) || error.oauthError !== 'invalid_client') return error;
  if (error.code === 'ERR_REGISTRATION_CLIENT_SECRET_EXPIRED') return error;
  return new GatehouseError(error.code, error.message, {
    oauthError: 'invalid_client',
    description: AUTHENTICATION_FAILED,
    cause: error,
  });
}

/** The issuer's path without a trailing slash (`''` for a root issuer): where the endpoints live. */
export function basePath(config: { issuer: string }): string {
  return new URL(config.issuer).pathname.replace(/\/+$/, '');
}

/** The issuer's URL for an endpoint path (endpoints live under the issuer's path). */
export function endpointUrl(issuer: string, path: string): string {
  return `${issuer.replace(/\/+$/, '')}${path}`;
}

function presentedCredentials(ctx: Context, form: FormParams): Presented {
  const found: Presented[] = [];
  const authorization = ctx.get('authorization');
  if (authorization !== '') found.push(basicCredentials(authorization));
  const secret = form.get('client_secret');
  const formId = form.get('client_id');
  if (secret !== undefined) {
    if (formId === undefined) {
      throw oauthError('ERR_AS_REQUEST_PARAM_MISSING', 'invalid_request', 'client_id is required');
    }
    found.push({ method: 'client_secret_post', clientId: formId, secret });
  }
  const assertion = form.get('client_assertion');
  const assertionType = form.get('client_assertion_type');
  if (assertion !== undefined || assertionType !== undefined) {
    if (assertionType !== JWT_BEARER_ASSERTION_TYPE || assertion === undefined) {
      throw oauthError(
        'ERR_AS_ASSERTION_TYPE',
        'invalid_request',
        `client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE} with a client_assertion`,
      );
    }
    found.push({ method: 'private_key_jwt', clientId: assertionClientId(assertion), assertion });
  }
  if (found.length > 1) {
    throw oauthError(
      'ERR_AS_CLIENT_AUTH_MULTIPLE',
      'invalid_request',
      'use exactly one client authentication method per request',
    );
  }
  const [only] = found;
  if (only === undefined) {
    if (formId === undefined) {
      throw oauthError('ERR_AS_CLIENT_ID_MISSING', 'invalid_client', 'client_id is required');
    }
    return { method: 'none', clientId: formId };
  }
  if (formId !== undefined && formId !== only.clientId) {
    throw oauthError(
      'ERR_AS_CLIENT_ID_MISMATCH',
      'invalid_request',
      'client_id does not match the client authentication',
    );
  }
  return only;
}

function basicCredentials(header: string): Presented {
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  const invalid = () =>
    oauthError('ERR_AS_CLIENT_BASIC_MALFORMED', 'invalid_client', 'malformed Basic credentials');
  if (match?.[1] === undefined) throw invalid();
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw invalid();
  try {
    // RFC 6749 2.3.1: both parts are form-urlencoded before Base64
    const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
    const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    return { method: 'client_secret_basic', clientId, secret };
  } catch {
    throw invalid();
  }
}
