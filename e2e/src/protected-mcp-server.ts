import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuditLogger, memorySink } from '@gatehouse/audit';
import { type AuditState, auditTrail } from '@gatehouse/audit/koa';
import {
  defineAuthorizationServerMetadata,
  defineProtectedResourceMetadata,
} from '@gatehouse/discovery';
import { authorizationServerMetadata, protectedResourceMetadata } from '@gatehouse/discovery/koa';
import { definePolicy, filterListResult } from '@gatehouse/scopes';
import { type McpGuardState, mcpGuard } from '@gatehouse/scopes/koa';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
} from '@gatehouse/tokens';
import { type BearerAuthState, bearerAuth } from '@gatehouse/tokens/koa';
import Router from '@koa/router';
import Koa from 'koa';

const TOOLS = [{ name: 'weather' }, { name: 'admin' }];

/** What the middleware chain puts on `ctx.state`, in order: audit, then auth, then the ability. */
type McpState = AuditState & Partial<BearerAuthState> & Partial<McpGuardState>;

/**
 * A protected MCP endpoint composed from the packages, as the README shows it: metadata documents,
 * bearer token validation, the scope guard, and an audit trail of every decision. The authorization
 * server's metadata is served from the same origin so that discovery can run end to end.
 */
export async function startProtectedMcpServer(): Promise<{
  origin: string;
  resource: string;
  issueToken: (scope: string, audience?: string) => Promise<string>;
  audit: ReturnType<typeof memorySink>;
  flushAudit: () => Promise<void>;
  close: () => Promise<void>;
}> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resource = `${origin}/mcp`;
  const resourceMetadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;

  const keys = createKeySet({ active: await generateSigningKey() });
  const issuer = createAccessTokenIssuer({ issuer: origin, keys, ttlSeconds: 300 });
  const verifier = createAccessTokenVerifier({
    issuer: origin,
    audience: resource,
    algorithms: ['ES256'],
    jwks: keys,
  });
  const sink = memorySink();
  const logger = createAuditLogger({ sinks: [sink] });

  const app = new Koa<AuditState>();
  app.use(auditTrail({ logger }));
  app.use(
    protectedResourceMetadata(
      defineProtectedResourceMetadata(
        {
          resource,
          authorization_servers: [origin],
          scopes_supported: ['mcp:tools:weather'],
          resource_name: 'Weather MCP',
        },
        { allowLoopbackHttp: true },
      ),
    ),
  );
  app.use(
    authorizationServerMetadata(
      defineAuthorizationServerMetadata(
        {
          issuer: origin,
          authorization_endpoint: `${origin}/authorize`,
          token_endpoint: `${origin}/token`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        },
        { allowLoopbackHttp: true },
      ),
    ),
  );

  const router = new Router<McpState>();
  router.post(
    '/mcp',
    recordAccessDecision,
    bearerAuth({ verifier, resourceMetadataUrl, scope: 'mcp:tools:weather' }),
    mcpGuard({ policy: definePolicy().build(), resourceMetadata: resourceMetadataUrl }),
    answerMcp,
  );
  app.use(router.routes());
  server.on('request', app.callback());

  return {
    origin,
    resource,
    issueToken: async (scope, audience = resource) =>
      (await issuer.issue({ subject: 'user-1', clientId: 'client-1', audience, scope })).token,
    audit: sink,
    flushAudit: () => logger.flush(),
    close: async () => {
      await logger.close();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/** Records every decision on the MCP endpoint, allowed or denied, once the response is known. */
async function recordAccessDecision(
  ctx: Koa.ParameterizedContext<McpState>,
  next: Koa.Next,
): Promise<void> {
  await next();
  const { auth } = ctx.state;
  if (auth) ctx.state.audit.actor = { sub: auth.subject, clientId: auth.clientId };
  const allowed = ctx.status < 400;
  await ctx.state.audit.record({
    type: allowed ? 'access.allowed' : 'access.denied',
    target: { type: 'mcp', id: ctx.path },
    ...(allowed ? {} : { reason: `ERR_HTTP_${ctx.status}` }),
  });
}

function answerMcp(ctx: Koa.ParameterizedContext<McpState>): void {
  const request = (ctx.request as { body?: { id?: number; method?: string } }).body ?? {};
  const { ability } = ctx.state;
  if (ability === undefined) throw new Error('mcpGuard must run before the handler');
  const result =
    request.method === 'tools/list'
      ? filterListResult(ability, 'tools/list', { tools: TOOLS })
      : { content: [{ type: 'text', text: 'sunny' }] };
  ctx.body = { jsonrpc: '2.0', id: request.id ?? null, result };
}
