import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthorizationServerMetadata,
  defineAuthorizationServerMetadata,
  defineProtectedResourceMetadata,
  discover,
  formatBearerChallenge,
  type ProtectedResourceMetadata,
  protectedResourceMetadataUrls,
} from '../index.js';
import {
  authorizationServerMetadata,
  bearerChallenge,
  protectedResourceMetadata,
} from './index.js';

/**
 * One Koa server on loopback playing both roles: a protected MCP endpoint at /public/mcp (401 with a
 * challenge for every request) and an authorization server whose issuer has a path (/tenant1).
 */
let server: Server;
let resource: string;
let issuer: string;
let prm: ProtectedResourceMetadata;
let asm: AuthorizationServerMetadata;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  resource = `${origin}/public/mcp`;
  issuer = `${origin}/tenant1`;
  const dev = { allowLoopbackHttp: true };
  prm = defineProtectedResourceMetadata(
    {
      resource,
      authorization_servers: [issuer],
      scopes_supported: ['mcp:tools', 'mcp:resources'],
      resource_name: 'Integration MCP server',
    },
    dev,
  );
  asm = defineAuthorizationServerMetadata(
    {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      registration_endpoint: `${issuer}/register`,
      revocation_endpoint: `${issuer}/revoke`,
      jwks_uri: `${issuer}/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['mcp:tools', 'mcp:resources'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    },
    dev,
  );
  const [metadataUrl] = protectedResourceMetadataUrls(resource);
  const app = new Koa();
  app.use(protectedResourceMetadata(prm));
  app.use(authorizationServerMetadata(asm));
  app.use((ctx) => {
    if (ctx.path !== '/public/mcp') return;
    bearerChallenge(ctx, { resourceMetadata: metadataUrl ?? '', scope: ['mcp:tools'] });
  });
  server.on('request', app.callback());
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function challenge(): Promise<Response> {
  const response = await fetch(resource, { method: 'POST', body: '{}' });
  expect(response.status).toBe(401);
  return response;
}

describe('discover() against the Koa adapter on loopback', () => {
  it('follows the challenge to both documents, unchanged', async () => {
    const response = await challenge();
    const result = await discover(resource, {
      wwwAuthenticate: response.headers.get('www-authenticate'),
      allowLoopbackHttp: true,
    });
    expect(result.resource).toBe(resource);
    expect(result.protectedResource).toEqual(prm);
    expect(result.authorizationServer).toEqual(asm);
    expect(result.challenge?.scope).toEqual(['mcp:tools']);
  });

  it('finds them through the well-known URLs alone, issuer path and all', async () => {
    const result = await discover(resource, { allowLoopbackHttp: true });
    expect(result.protectedResource).toEqual(prm);
    expect(result.authorizationServer).toEqual(asm);
  });

  it('still refuses the loopback server without the development option', async () => {
    await expect(discover(resource)).rejects.toMatchObject({ code: 'ERR_DISCOVERY_URL_INSECURE' });
  });
});

describe('the official MCP SDK client against the Koa adapter', () => {
  it('reads the challenge', async () => {
    const params = extractWWWAuthenticateParams(await challenge());
    expect(params.resourceMetadataUrl?.href).toBe(protectedResourceMetadataUrls(resource)[0]);
    expect(params.scope).toBe('mcp:tools');
    expect(params.error).toBeUndefined();
  });

  it('reads our parameter order right even when error_description quotes "scope="', () => {
    // the SDK (1.32) takes the first `scope=` substring of the header; scope comes before the
    // description in every challenge we format, so a description cannot shadow it
    const header = formatBearerChallenge({
      error: 'insufficient_scope',
      scope: ['mcp:admin'],
      resourceMetadata: protectedResourceMetadataUrls(resource)[0] ?? '',
      errorDescription: 'needs scope=mcp:admin resource_metadata=x',
    });
    const response = new Response(null, { status: 403, headers: { 'www-authenticate': header } });
    const params = extractWWWAuthenticateParams(response);
    expect(params.scope).toBe('mcp:admin');
    expect(params.error).toBe('insufficient_scope');
    expect(params.resourceMetadataUrl?.href).toBe(protectedResourceMetadataUrls(resource)[0]);
  });

  it('discovers the same protected resource metadata, with and without the challenge URL', async () => {
    const { resourceMetadataUrl } = extractWWWAuthenticateParams(await challenge());
    expect(resourceMetadataUrl).toBeDefined();
    const fromChallenge = resourceMetadataUrl ? { resourceMetadataUrl } : {};
    expect(await discoverOAuthProtectedResourceMetadata(resource, fromChallenge)).toEqual(prm);
    expect(await discoverOAuthProtectedResourceMetadata(resource)).toEqual(prm);
  });

  it('discovers the same authorization server metadata for an issuer with a path', async () => {
    expect(await discoverAuthorizationServerMetadata(issuer)).toEqual(asm);
  });
});
