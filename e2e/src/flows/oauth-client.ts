import { randomBytes, randomInt } from 'node:crypto';
import {
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  refreshAuthorization,
  registerClient,
  startAuthorization,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  AuthorizationServerMetadata,
  OAuthClientInformationFull,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { createScriptedBrowser } from '../demo/scripted-login.js';
import type { Stack } from '../demo/stack.js';

/** A public client registered by DCR and the tokens of one authorization. */
export interface Authorized {
  client: OAuthClientInformationFull;
  metadata: AuthorizationServerMetadata;
  tokens: OAuthTokens;
}

/**
 * One authorization of a new public client for `resource` with `scope`, with the SDK's own OAuth
 * functions (DCR, PKCE authorization request, code exchange) and the demo's scripted browser for
 * the login and consent: what the SDK client does, without an MCP server in between.
 */
export async function authorize(
  stack: Stack,
  input: { scope: string; resource?: string },
): Promise<Authorized> {
  const issuer = stack.issuer;
  const metadata = await discoverAuthorizationServerMetadata(issuer);
  if (metadata === undefined) throw new Error('no authorization server metadata');
  const redirectUrl = `http://127.0.0.1:${randomInt(49_152, 65_536)}/callback`;
  const client = await registerClient(issuer, {
    metadata,
    clientMetadata: {
      client_name: 'e2e flow client',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    scope: input.scope,
  });
  const resource = new URL(input.resource ?? stack.mcpUrl);
  const state = randomBytes(12).toString('base64url');
  const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, {
    metadata,
    clientInformation: client,
    redirectUrl,
    scope: input.scope,
    state,
    resource,
  });
  const browser = createScriptedBrowser({ user: stack.user });
  const outcome = await browser.authorize(authorizationUrl, redirectUrl);
  if (outcome.code === undefined || outcome.redirect.searchParams.get('state') !== state) {
    throw new Error(`authorization failed: ${outcome.redirect.search}`);
  }
  const tokens = await exchangeAuthorization(issuer, {
    metadata,
    clientInformation: client,
    authorizationCode: outcome.code,
    codeVerifier,
    redirectUri: redirectUrl,
    resource,
  });
  return { client, metadata, tokens };
}

/** The SDK's refresh (`refresh_token` grant) for `refreshToken`; rejects with the SDK's OAuth error. */
export function refresh(
  stack: Stack,
  authorized: Authorized,
  refreshToken: string,
): Promise<OAuthTokens> {
  return refreshAuthorization(stack.issuer, {
    metadata: authorized.metadata,
    clientInformation: authorized.client,
    refreshToken,
  });
}

/** RFC 7009 revocation by the public client that holds `token`. */
export async function revoke(stack: Stack, authorized: Authorized, token: string): Promise<number> {
  const response = await fetch(`${stack.issuer}/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: authorized.client.client_id }).toString(),
  });
  await response.body?.cancel();
  return response.status;
}
