import {
  defineProtectedResourceMetadata,
  type ProtectedResourceMetadata,
} from '@gatehouse/discovery';
import type { AccessTokenVerifier } from '@gatehouse/tokens';
import { createMcpVerifier } from '../create-mcp-verifier.js';
import { type McpResourceServerOptions, positiveInteger } from './options.js';
import { SessionStore } from './sessions.js';

/** The PRM document; a document the discovery package refuses is a setup mistake (TypeError). */
export function metadataDocument(
  config: Readonly<McpResourceServerOptions>,
  authorizationServers: readonly string[],
  allowLoopbackHttp: boolean,
): ProtectedResourceMetadata {
  try {
    return defineProtectedResourceMetadata(
      {
        resource: config.resource,
        authorization_servers: authorizationServers,
        bearer_methods_supported: ['header'],
        ...(config.scopesSupported === undefined
          ? {}
          : { scopes_supported: config.scopesSupported }),
        ...(config.resourceName === undefined ? {} : { resource_name: config.resourceName }),
      },
      { allowLoopbackHttp },
    );
  } catch (cause) {
    throw new TypeError(`mcpResourceServer: ${(cause as Error).message}`, { cause });
  }
}

export function verifierOf(
  config: Readonly<McpResourceServerOptions>,
  allowLoopbackHttp: boolean,
): AccessTokenVerifier {
  const { verifier, issuer } = config;
  if ((verifier === undefined) === (issuer === undefined)) {
    throw new TypeError('mcpResourceServer: give exactly one of verifier and issuer');
  }
  if (verifier !== undefined) {
    if (typeof verifier.verify !== 'function') {
      throw new TypeError('mcpResourceServer: verifier must have a verify(token) method');
    }
    return verifier;
  }
  return createMcpVerifier({
    issuer: issuer as string,
    resource: config.resource,
    algorithms: config.algorithms ?? ['ES256'],
    allowLoopbackHttp,
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
  });
}

export function sessionStoreOf(
  config: Readonly<McpResourceServerOptions>,
): SessionStore | undefined {
  if (config.sessions !== 'stateless' && config.sessions !== 'stateful') {
    throw new TypeError('mcpResourceServer: sessions must be "stateless" or "stateful"');
  }
  if (config.sessions === 'stateless') return undefined;
  return new SessionStore({
    maxSessions: positiveInteger('maxSessions', config.maxSessions),
    maxSessionsPerSubject: positiveInteger('maxSessionsPerSubject', config.maxSessionsPerSubject),
    idleMs: positiveInteger('sessionIdleSeconds', config.sessionIdleSeconds) * 1000,
  });
}
