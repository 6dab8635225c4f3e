import { createServer } from 'node:http';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import type { RequestHandler } from 'express';
import { MCPAuth } from 'mcp-auth';
import { type StartServer, stringOption } from '../bench-server.js';
import { listen, stop } from '../listen.js';
import { endpointOn, MCP_PATH, RESOURCE, TOOL_SCOPE } from '../mcp-resource.js';
import { authInfoFromClaims, type PeerClaims } from '../peer-auth-info.js';
import { serveStateless } from '../stateless-mcp.js';

/**
 * Peer (c) of scenario 2: `mcp-auth`'s Express handler in JWT mode (resource-server mode, the
 * issuer's metadata and JWK Set fetched once and cached), `audience` and `requiredScopes` set, ES256
 * and `typ: at+jwt` passed to jose. On the SDK's Express app, no audit.
 */
export const start: StartServer = async (options) => {
  const issuer = stringOption(options, 'issuer');
  const mcpAuth = new MCPAuth({
    protectedResources: [
      {
        metadata: {
          resource: RESOURCE,
          authorizationServers: [{ issuer, type: 'oauth' }],
          scopesSupported: [TOOL_SCOPE],
        },
      },
    ],
  });
  const app = createMcpExpressApp();
  app.use(mcpAuth.protectedResourceMetadataRouter());
  const adapt: RequestHandler = (req, _res, next) => {
    const auth = (req as { auth?: { claims?: PeerClaims; token: string } }).auth;
    (req as { auth?: unknown }).auth = authInfoFromClaims(auth?.claims ?? {}, auth?.token ?? '');
    next();
  };
  app.post(
    MCP_PATH,
    mcpAuth.bearerAuth('jwt', {
      resource: RESOURCE,
      audience: RESOURCE,
      requiredScopes: [TOOL_SCOPE],
      jwtVerify: { algorithms: ['ES256'], typ: 'at+jwt' },
    }),
    adapt,
    async (req, res) => {
      try {
        await serveStateless(req, res, req.body, req.auth as NonNullable<typeof req.auth>);
      } catch {
        if (!res.headersSent) res.status(500).end();
      }
    },
  );
  const http = createServer(app);
  const port = await listen(http);
  return {
    url: endpointOn(port),
    info: { auth: "mcp-auth bearerAuth('jwt')" },
    close: () => stop(http),
  };
};
