import { computeCodeChallenge, generateCodeVerifier } from '@gatehouse/pkce';
import { registerPublicClient } from './auth-server-process.js';
import { authorizeInBrowser, type Credentials } from './headless-browser.js';

/** Tokens from one authorization. */
export interface UserTokens {
  accessToken: string;
  scope: string;
  expiresIn: number;
}

/**
 * An access token for `resource` the way an MCP client gets one: DCR as a public client, the
 * authorization code flow with PKCE S256 (sign-in and consent as a browser would), then the code
 * exchange at the token endpoint. The redirect URI is never listened on: the code is read from the
 * redirect the authorization server sends.
 */
export async function obtainUserToken(input: {
  issuer: string;
  resource: string;
  scope: string;
  user: Credentials;
  clientName: string;
}): Promise<UserTokens> {
  const redirectUri = 'http://127.0.0.1:9/callback';
  const clientId = await registerPublicClient(input.issuer, redirectUri, input.clientName);
  const verifier = generateCodeVerifier();
  const state = generateCodeVerifier();
  const authorize = new URL(`${input.issuer}/authorize`);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: await computeCodeChallenge(verifier),
    code_challenge_method: 'S256',
    resource: input.resource,
    scope: input.scope,
    state,
  })) {
    authorize.searchParams.set(name, value);
  }
  const redirect = new URL(await authorizeInBrowser(authorize.href, input.user));
  const code = redirect.searchParams.get('code');
  if (code === null || redirect.searchParams.get('state') !== state) {
    throw new Error(`authorization failed: ${redirect.href}`);
  }
  const response = await fetch(`${input.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: clientId,
      resource: input.resource,
    }).toString(),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return {
    accessToken: body.access_token,
    scope: String(body.scope ?? ''),
    expiresIn: Number(body.expires_in),
  };
}
