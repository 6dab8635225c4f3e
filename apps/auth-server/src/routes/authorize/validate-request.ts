import { GatehouseError } from '@gatehouse/errors';
import { validateCodeChallenge } from '@gatehouse/pkce';
import { matchRedirectUri } from '@gatehouse/registration';
import type {
  FetchBudget,
  ResolvedClient,
  ResourceServerConfig,
  ServerContext,
} from '../../context.js';
import { parseForm } from '../../http/form-body.js';
import { oauthError } from '../../oauth/errors.js';
import { grantableScopes, parseRequestedScope, selectResource } from '../../oauth/resources.js';
import type { AuthorizationRequest } from './form-state.js';
import { type PageFailure, pageFailure, TOO_MANY_ATTEMPTS } from './respond.js';

/** Longest `state` carried (it travels in forms and in the redirect). */
export const MAX_STATE_LENGTH = 2048;

/** The outcome of checking an authorization request (GET `/authorize`). */
export type ValidatedRequest =
  | {
      kind: 'ok';
      client: ResolvedClient;
      resource: ResourceServerConfig;
      request: AuthorizationRequest;
    }
  /** Client or redirect URI not verified: show a page, never redirect (A6). */
  | { kind: 'page'; failure: PageFailure }
  /**
   * The redirect URI is verified: the error goes back to the client, at once or after the user chose
   * to go back (`answerRequestError`).
   */
  | {
      kind: 'redirect';
      client: ResolvedClient;
      redirectUri: string;
      state: string | undefined;
      error: unknown;
    };

/** The one value of a parameter that must appear once; `missing` / `repeated` otherwise. */
function single(params: URLSearchParams, name: string): string | 'missing' | 'repeated' {
  const values = params.getAll(name);
  if (values.length > 1) return 'repeated';
  const value = values[0];
  return value === undefined || value === '' ? 'missing' : value;
}

/**
 * Checks the client and redirect URI first (failures: an error page), then everything else (failures:
 * an error for the verified redirect URI): `response_type=code`, PKCE S256, `resource` (RFC 8707,
 * default when absent), `scope` narrowed to what the resource allows, `state`.
 */
export async function validateAuthorizationRequest(
  server: ServerContext,
  querystring: string,
  budget?: FetchBudget,
): Promise<ValidatedRequest> {
  const raw = new URLSearchParams(querystring);
  const clientId = single(raw, 'client_id');
  if (clientId === 'missing' || clientId === 'repeated') {
    const code =
      clientId === 'missing'
        ? 'ERR_AS_AUTHORIZE_CLIENT_ID_MISSING'
        : 'ERR_AS_AUTHORIZE_CLIENT_ID_REPEATED';
    return {
      kind: 'page',
      failure: pageFailure(code, 'The request does not name exactly one app (client_id).'),
    };
  }
  let client: ResolvedClient | undefined;
  try {
    client = await server.clients.resolve(clientId, server.now(), budget);
  } catch (cause) {
    return { kind: 'page', failure: unresolvedClient(server, cause) };
  }
  if (client === undefined) {
    return {
      kind: 'page',
      failure: pageFailure(
        'ERR_AS_AUTHORIZE_CLIENT_UNKNOWN',
        'The app that sent you here is not known to this server.',
      ),
    };
  }
  const redirectUri = single(raw, 'redirect_uri');
  if (redirectUri === 'missing' || redirectUri === 'repeated') {
    const code =
      redirectUri === 'missing'
        ? 'ERR_AS_AUTHORIZE_REDIRECT_URI_MISSING'
        : 'ERR_AS_AUTHORIZE_REDIRECT_URI_REPEATED';
    return {
      kind: 'page',
      failure: pageFailure(
        code,
        'The request does not name exactly one address to return to (redirect_uri).',
      ),
    };
  }
  if (!matchRedirectUri(client.metadata.redirect_uris, redirectUri)) {
    return {
      kind: 'page',
      failure: pageFailure(
        'ERR_AS_AUTHORIZE_REDIRECT_URI_MISMATCH',
        'The address the app asked to return to is not one it registered, so you were not sent there.',
      ),
    };
  }
  const states = raw.getAll('state');
  const state =
    states.length === 1 && states[0] !== '' && (states[0]?.length ?? 0) <= MAX_STATE_LENGTH
      ? states[0]
      : undefined;
  try {
    const checked = checkParameters(server, client, querystring, redirectUri, state);
    return { kind: 'ok', client, ...checked };
  } catch (error) {
    return { kind: 'redirect', client, redirectUri, state, error };
  }
}

function checkParameters(
  server: ServerContext,
  client: ResolvedClient,
  querystring: string,
  redirectUri: string,
  state: string | undefined,
): { resource: ResourceServerConfig; request: AuthorizationRequest } {
  const params = parseForm(querystring);
  const given = params.get('state');
  if (given !== undefined && given.length > MAX_STATE_LENGTH) {
    throw oauthError(
      'ERR_AS_AUTHORIZE_STATE_TOO_LONG',
      'invalid_request',
      `state is over ${MAX_STATE_LENGTH} characters`,
    );
  }
  const responseType = params.get('response_type');
  if (responseType === undefined) {
    throw oauthError(
      'ERR_AS_AUTHORIZE_RESPONSE_TYPE_MISSING',
      'invalid_request',
      'response_type is required',
    );
  }
  if (responseType !== 'code') {
    throw oauthError(
      'ERR_AS_AUTHORIZE_RESPONSE_TYPE_UNSUPPORTED',
      'unsupported_response_type',
      'only response_type=code is supported',
    );
  }
  const { metadata } = client;
  if (
    !metadata.response_types.includes('code') ||
    !metadata.grant_types.includes('authorization_code')
  ) {
    throw oauthError(
      'ERR_AS_AUTHORIZE_CLIENT_NOT_ALLOWED',
      'unauthorized_client',
      'this client is not registered for the authorization_code grant',
    );
  }
  const codeChallenge = params.get('code_challenge');
  if (codeChallenge === undefined) {
    throw oauthError(
      'ERR_AS_AUTHORIZE_PKCE_REQUIRED',
      'invalid_request',
      'code_challenge is required: PKCE with S256 for every client',
    );
  }
  validateCodeChallenge({ challenge: codeChallenge, method: params.get('code_challenge_method') });
  const resource = selectResource(server.config, params.get('resource'));
  const requested = parseRequestedScope(params.get('scope'));
  const { scopes } = grantableScopes(server.config, resource, client, requested);
  const request: AuthorizationRequest = {
    clientId: client.clientId,
    redirectUri,
    resource: resource.uri,
    scopes,
    codeChallenge,
  };
  if (state !== undefined) request.state = state;
  return { resource, request };
}

/** The page for a client that could not be looked up: too many lookups, a busy server, a bad document. */
function unresolvedClient(server: ServerContext, cause: unknown): PageFailure {
  const known = GatehouseError.isInstance(cause);
  const code = known ? cause.code : 'ERR_AS_AUTHORIZE_CLIENT_UNAVAILABLE';
  const status = known ? cause.status : 500;
  if (status === 429) return pageFailure(code, TOO_MANY_ATTEMPTS, 429);
  if (status === 503) return pageFailure(code, 'This server is busy. Try again in a minute.', 503);
  server.log.warn({ err: cause, code }, 'authorize: client could not be resolved');
  return pageFailure(code, 'The app that sent you here could not be verified.');
}
