import {
  type AuthorizationServerMetadata,
  defineAuthorizationServerMetadata,
} from '@gatehouse/discovery';
import { authorizationServerMetadata } from '@gatehouse/discovery/koa';
import { SIGNING_ALGORITHMS } from '@gatehouse/tokens';
import type { Middleware } from 'koa';
import type { AuthServerConfig } from '../context.js';
import { endpointUrl } from '../oauth/client-auth.js';

const AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'];

/** The RFC 8414 document (MCP A1-A3), validated by `defineAuthorizationServerMetadata`. */
export function authorizationServerDocument(config: AuthServerConfig): AuthorizationServerMetadata {
  const url = (path: string) => endpointUrl(config.issuer, path);
  const scopes = new Set<string>();
  for (const resource of config.resources) for (const scope of resource.scopes) scopes.add(scope);
  return defineAuthorizationServerMetadata(
    {
      issuer: config.issuer,
      authorization_endpoint: url('/authorize'),
      token_endpoint: url('/token'),
      registration_endpoint: url('/register'),
      revocation_endpoint: url('/revoke'),
      introspection_endpoint: url('/introspect'),
      jwks_uri: url('/jwks.json'),
      scopes_supported: [...scopes],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: AUTH_METHODS,
      token_endpoint_auth_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
      revocation_endpoint_auth_methods_supported: AUTH_METHODS,
      revocation_endpoint_auth_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
      introspection_endpoint_auth_methods_supported: AUTH_METHODS.filter((m) => m !== 'none'),
      introspection_endpoint_auth_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    },
    { allowLoopbackHttp: config.dev },
  );
}

/**
 * `GET /.well-known/oauth-authorization-server` (path-inserted for an issuer with a path), served by
 * the discovery package (GET/HEAD, cacheable, CORS, 405 otherwise).
 */
export function metadataRoute(config: AuthServerConfig): Middleware {
  return authorizationServerMetadata(authorizationServerDocument(config), { maxAgeSeconds: 300 });
}
