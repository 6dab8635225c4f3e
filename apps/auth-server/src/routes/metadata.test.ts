import {
  defineAuthorizationServerMetadata,
  parseAuthorizationServerMetadata,
} from '@gatehouse/discovery';
import { SIGNING_ALGORITHMS } from '@gatehouse/tokens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.js';

describe('GET /.well-known/oauth-authorization-server', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('serves RFC 8414 metadata with everything MCP clients look for (A1-A3)', async () => {
    const response = await fetch(`${server.url}/.well-known/oauth-authorization-server`, {
      headers: { origin: 'http://localhost:6274' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const json = await response.json();
    const metadata = parseAuthorizationServerMetadata(json, {
      expectedIssuer: server.url,
      allowLoopbackHttp: true,
    });
    expect(metadata.issuer).toBe(server.url);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.token_endpoint).toBe(`${server.url}/token`);
    expect(metadata.registration_endpoint).toBe(`${server.url}/register`);
    expect(metadata.revocation_endpoint).toBe(`${server.url}/revoke`);
    expect(metadata.introspection_endpoint).toBe(`${server.url}/introspect`);
    expect(metadata.jwks_uri).toBe(`${server.url}/jwks.json`);
    expect(metadata.token_endpoint_auth_methods_supported).toContain('none');
    expect(metadata.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(json.client_id_metadata_document_supported).toBe(true);
    expect(json.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.grant_types_supported).not.toContain('implicit');
    expect(metadata.scopes_supported).toContain('mcp:tools:*');
  });

  it('names the JWS algorithms of every endpoint that accepts private_key_jwt (RFC 8414 2)', async () => {
    const response = await fetch(`${server.url}/.well-known/oauth-authorization-server`);
    const json = (await response.json()) as Record<string, string[] | undefined>;
    for (const endpoint of ['token_endpoint', 'revocation_endpoint', 'introspection_endpoint']) {
      expect(json[`${endpoint}_auth_methods_supported`]).toContain('private_key_jwt');
      const algorithms = json[`${endpoint}_auth_signing_alg_values_supported`];
      expect(algorithms, endpoint).toEqual([...SIGNING_ALGORITHMS]);
      expect(algorithms).not.toContain('none');
    }
    const republished = defineAuthorizationServerMetadata(
      json as unknown as Parameters<typeof defineAuthorizationServerMetadata>[0],
      { allowLoopbackHttp: true },
    );
    expect(republished).toEqual(json);
  });

  it('serves the JWKS with CORS and a preflight', async () => {
    const response = await fetch(`${server.url}/jwks.json`, {
      headers: { origin: 'http://x.test' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
    const preflight = await fetch(`${server.url}/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://x.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('never sends CORS headers on /authorize', async () => {
    const response = await fetch(`${server.url}/authorize?client_id=x`, {
      headers: { origin: 'http://evil.test' },
      redirect: 'manual',
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/authorize`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await fetch(`${server.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});
