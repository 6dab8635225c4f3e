import type { AuditLogger } from '@gatehouse/audit';
import { type McpResourceServer, mcpResourceServer } from '@gatehouse/mcp/koa';
import type { AccessTokenVerifier } from '@gatehouse/tokens';
import Koa from 'koa';
import type { Logger } from 'pino';
import { resolveCustomerResource } from './capabilities/customers.js';
import { TOOL_RULES } from './capabilities/workflows.js';
import type { ResourceServerConfig } from './config.js';
import { createMcpServer } from './mcp-server.js';
import { createResourcePolicy } from './policy.js';

/** What {@link createApp} needs besides the configuration. */
export interface AppParts {
  /** The canonical URI of the endpoint (the configured one, or derived from the listening port). */
  resource: string;
  verifier: AccessTokenVerifier;
  audit: AuditLogger;
  log: Logger;
}

/**
 * The Koa app: a request log line, then `mcpResourceServer` from `@gatehouse/mcp/koa`, which serves
 * the Protected Resource Metadata at both well-known paths and the MCP endpoint at the resource's path
 * (Origin check and CORS, bearer token, JSON-RPC checks, the scope guard with this server's policy and
 * its per-tool rule for `run_workflow`, the SDK transport, list filtering, audit). Nothing else.
 */
export function createApp(
  config: ResourceServerConfig,
  parts: AppParts,
): { app: Koa; mcp: McpResourceServer } {
  const mcp = mcpResourceServer({
    resource: parts.resource,
    authorizationServers: [config.issuer],
    verifier: parts.verifier,
    policy: createResourcePolicy(),
    resolveResource: resolveCustomerResource,
    tools: TOOL_RULES,
    audit: parts.audit,
    scopesSupported: config.scopesSupported,
    resourceName: config.resourceName,
    sessions: config.sessions,
    allowLoopbackHttp: config.dev,
    ...(config.allowedOrigins === undefined ? {} : { allowedOrigins: config.allowedOrigins }),
    server: () => createMcpServer(),
  });
  const app = new Koa();
  app.silent = true;
  app.on('error', (error: unknown) => parts.log.error({ err: error }, 'request failed'));
  app.use(async (ctx, next) => {
    if (!parts.log.isLevelEnabled('info')) return next();
    const started = performance.now();
    // The path only: a token sent in the query string (refused) never reaches the log.
    const line = { method: ctx.method, path: ctx.path };
    ctx.res.once('close', () => {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      parts.log.info({ ...line, status: ctx.res.statusCode, ms }, 'request');
    });
    await next();
  });
  app.use(mcp);
  return { app, mcp };
}
