import { auditTrail } from '@gatehouse/audit/koa';
import { protectedResourceMetadataUrls } from '@gatehouse/discovery';
import { protectedResourceMetadata } from '@gatehouse/discovery/koa';
import { resolveOptions } from '@gatehouse/errors';
import { definePolicy, filterListResult, type Policy } from '@gatehouse/scopes';
import { mcpGuard } from '@gatehouse/scopes/koa';
import type { AccessTokenVerifier } from '@gatehouse/tokens';
import { bearerAuth } from '@gatehouse/tokens/koa';
import type { Middleware } from 'koa';
import { allowMethods } from './allow-methods.js';
import { compose } from './compose.js';
import { dispatch } from './dispatch.js';
import { jsonRpcGuardErrors } from './guard-errors.js';
import { jsonRpcBody } from './json-rpc-body-middleware.js';
import { DEFAULTS, type McpResourceServerOptions, positiveInteger } from './options.js';
import { originAndCors, originPredicate } from './origin.js';
import { sessionGate } from './session-gate.js';
import { metadataDocument, sessionStoreOf, verifierOf } from './setup.js';

/** The Koa middleware {@link mcpResourceServer} returns, with its resources. */
export interface McpResourceServer extends Middleware {
  /** The URL of the Protected Resource Metadata (path-inserted form), as in every challenge. */
  readonly resourceMetadataUrl: string;
  /** The path of the protected endpoint (the path of `resource`). */
  readonly path: string;
  /** The verifier in use (given, or built from `issuer`). */
  readonly verifier: AccessTokenVerifier;
  /** Open sessions (stateful mode; 0 when stateless). */
  readonly sessionCount: number;
  /** Closes every session and its server (call it at shutdown). */
  close(): Promise<void>;
}

/**
 * Protects an MCP SDK server on Koa in one call. Returns a middleware that serves:
 * - the Protected Resource Metadata (RFC 9728) at both well-known URLs of `resource` (R1, R2);
 * - the MCP Streamable HTTP endpoint at the path of `resource`, through, in order: `auditTrail`
 *   (when `audit` is given), the `Origin` check (R14, 403) and CORS with preflight (before
 *   authentication), `bearerAuth` (401 with `resource_metadata`), the JSON-RPC body checks (413,
 *   415, `-32700`, `-32600`), the session binding (stateful: another owner's session is a 404, R13),
 *   `mcpGuard` (403 step-up naming every needed scope), and then the SDK's
 *   `StreamableHTTPServerTransport.handleRequest(req, res, body)` with `req.auth` set to the
 *   request's `AuthInfo` (see `toAuthInfo`), so handlers get it as `extra.authInfo`.
 * List results (`tools/list`, `prompts/list`, `resources/list`, `resources/templates/list`) are
 * narrowed to what the token may use inside the SDK, by wrapping the transport's `send`: JSON and SSE
 * responses alike, stateless and stateful. Other paths go to `next`.
 *
 * With `audit`, decisions are recorded: `token.verified` / `token.rejected` (by `bearerAuth`),
 * `access.allowed` / `access.denied` (by `mcpGuard`, and here for each refusal of the endpoint), and
 * `request.failed` when the SDK transport refuses a request the guard allowed (406, 400 for a
 * protocol version), so a call that never ran is not left looking allowed.
 * Options are checked at construction (TypeError).
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { mcpResourceServer } from '@gatehouse/mcp/koa';
 * import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
 *
 * const app = new Koa();
 * app.use(
 *   mcpResourceServer({
 *     resource: 'https://mcp.example.com/mcp',
 *     issuer: 'https://auth.example.com',
 *     scopesSupported: ['mcp:tools:weather'],
 *     server: () => {
 *       const mcp = new McpServer({ name: 'weather', version: '1.0.0' });
 *       mcp.registerTool('weather', { description: 'Today' }, async () => ({
 *         content: [{ type: 'text', text: 'sunny' }],
 *       }));
 *       return mcp;
 *     },
 *   }),
 * );
 * ```
 */
export function mcpResourceServer(options: McpResourceServerOptions): McpResourceServer {
  const name = 'mcpResourceServer';
  const config = resolveOptions<McpResourceServerOptions>(name, options, {
    defaults: DEFAULTS,
    required: ['resource', 'server'],
  });
  if (typeof config.server !== 'function')
    throw new TypeError(`${name}: server must be a function`);
  const allowLoopbackHttp = config.allowLoopbackHttp === true;
  const verifier = verifierOf(config, allowLoopbackHttp);
  const authorizationServers =
    config.authorizationServers ?? (config.issuer === undefined ? undefined : [config.issuer]);
  if (authorizationServers === undefined) {
    throw new TypeError(`${name}: authorizationServers is required with a verifier`);
  }
  const document = metadataDocument(config, authorizationServers, allowLoopbackHttp);
  const resource = new URL(document.resource);
  const [resourceMetadataUrl] = protectedResourceMetadataUrls(document.resource) as [string];
  const path = resource.pathname;
  const policy: Policy = config.policy ?? definePolicy().build();
  const maxBodyBytes = positiveInteger('maxBodyBytes', config.maxBodyBytes);
  const maxBatch = positiveInteger('maxBatch', config.maxBatch);
  const sessions = sessionStoreOf(config);

  const endpoint = compose([
    ...(config.audit === undefined ? [] : [auditOnce(auditTrail({ logger: config.audit }))]),
    originAndCors(originPredicate(name, resource, config.allowedOrigins)),
    allowMethods(),
    bearerAuth({
      verifier,
      resourceMetadataUrl,
      ...(config.scopesSupported === undefined ? {} : { scope: config.scopesSupported }),
    }) as Middleware,
    jsonRpcBody(maxBodyBytes, maxBatch),
    sessionGate(sessions),
    jsonRpcGuardErrors(
      mcpGuard({
        policy,
        resourceMetadata: resourceMetadataUrl,
        maxBodyBytes,
        maxBatch,
        ...(config.resolveResource === undefined
          ? {}
          : { resolveResource: config.resolveResource }),
        ...(config.resolveTool === undefined ? {} : { resolveTool: config.resolveTool }),
        ...(config.methods === undefined ? {} : { methods: config.methods }),
        ...(config.tools === undefined ? {} : { tools: config.tools }),
        ...(config.challengeScope === undefined ? {} : { challengeScope: config.challengeScope }),
      }),
    ),
    dispatch({
      resource: document.resource,
      factory: config.server,
      jsonResponse: config.jsonResponse === true,
      maxPendingLists: positiveInteger('maxPendingLists', config.maxPendingLists),
      sessions,
      filterFor: (ability) => (method, result) =>
        filterListResult(ability, method, result, {
          ...(config.resolveResource === undefined
            ? {}
            : { resolveResource: config.resolveResource }),
          ...(config.resolveTool === undefined ? {} : { resolveTool: config.resolveTool }),
          ...(config.tools === undefined ? {} : { tools: config.tools }),
        }),
    }),
  ]);
  const metadata = protectedResourceMetadata(document);

  const middleware: Middleware = async (ctx, next) => {
    if (ctx.path === path) return endpoint(ctx, next);
    return metadata(ctx, next);
  };
  return Object.defineProperties(middleware, {
    resourceMetadataUrl: { value: resourceMetadataUrl, enumerable: true },
    path: { value: path, enumerable: true },
    verifier: { value: verifier, enumerable: true },
    sessionCount: { get: () => sessions?.size ?? 0, enumerable: true },
    close: { value: async () => sessions?.closeAll(), enumerable: true },
  }) as McpResourceServer;
}

/** Mounts `trail` unless the app already put an audit trail on the context. */
function auditOnce(trail: Middleware): Middleware {
  return (ctx, next) =>
    (ctx.state as { audit?: unknown }).audit === undefined ? trail(ctx, next) : next();
}
