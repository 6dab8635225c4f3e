import { createServer } from 'node:http';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { type StartServer, stringOption } from '../bench-server.js';
import { listen, stop } from '../listen.js';
import { endpointOn, MCP_PATH, RESOURCE, TOOL_SCOPE } from '../mcp-resource.js';
import { authInfoFromClaims } from '../peer-auth-info.js';
import { serveStateless } from '../stateless-mcp.js';

/**
 * Peer (b) of scenario 2: the MCP SDK's Express server (`createMcpExpressApp`: Host check and JSON
 * body parser) with its `requireBearerAuth` and a jose verifier doing the checks Gatehouse does:
 * signature with the issuer's JWK Set (remote, cached), `iss`, `aud`, ES256 only, `typ: at+jwt`,
 * `exp`/`iat`, the RFC 9068 claims present, and the tool's scope (`requiredScopes`, an exact-string
 * `includes`). No audit. The SDK's stateless pattern serves the request.
 */
export const start: StartServer = async (options) => {
  const issuer = stringOption(options, 'issuer');
  const jwks = createRemoteJWKSet(new URL(stringOption(options, 'jwksUri')));
  const verifier = {
    async verifyAccessToken(token: string) {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer,
          audience: RESOURCE,
          algorithms: ['ES256'],
          typ: 'at+jwt',
          requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'jti'],
        });
        return authInfoFromClaims(payload, token);
      } catch {
        throw new InvalidTokenError('invalid token');
      }
    },
  };
  const app = createMcpExpressApp();
  app.post(
    MCP_PATH,
    requireBearerAuth({
      verifier,
      requiredScopes: [TOOL_SCOPE],
      resourceMetadataUrl: 'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp',
    }),
    async (req, res) => {
      try {
        await serveStateless(req, res, req.body, req.auth as NonNullable<typeof req.auth>);
      } catch {
        if (!res.headersSent)
          res
            .status(500)
            .json({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } });
      }
    },
  );
  const http = createServer(app);
  const port = await listen(http);
  return {
    url: endpointOn(port),
    info: { auth: 'requireBearerAuth + jose' },
    close: () => stop(http),
  };
};
