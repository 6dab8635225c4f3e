import type { ScopeAbility } from '@gatehouse/scopes';
import type { VerifiedAccessToken } from '@gatehouse/tokens';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Context, Middleware } from 'koa';
import {
  createListFilter,
  type ListFilter,
  type ListResultFilter,
} from '../internal/list-filter.js';
import { toAuthInfo } from '../to-auth-info.js';
import { presentedToken } from './presented-token.js';
import { refuse } from './respond.js';
import {
  ownerKey,
  type Session,
  type SessionOwner,
  type SessionStore,
  subjectKey,
} from './sessions.js';
import type { McpServerFactory, McpServerLike, McpTransport } from './types.js';

/** What the middlewares before the dispatch leave on `ctx.state`. */
export interface EndpointState {
  auth?: VerifiedAccessToken;
  ability?: ScopeAbility;
  filterList?: ListResultFilter;
  mcpRequest?: { body?: unknown };
  /** The JSON-RPC body read by `readJsonRpcBody` (POST only). */
  mcpBody?: unknown;
  /** The session the request belongs to (stateful mode), checked against the token's owner. */
  mcpSession?: Session;
}

/** How requests reach the SDK. */
export interface DispatchConfig {
  readonly resource: string;
  readonly factory: McpServerFactory;
  readonly jsonResponse: boolean;
  readonly maxPendingLists: number;
  /** The sessions, or undefined for a stateless endpoint (a server and transport per request). */
  readonly sessions: SessionStore | undefined;
  /** The list filter when the guard did not provide `ctx.state.filterList`. */
  readonly filterFor: (ability: ScopeAbility) => ListResultFilter;
}

/** The owner of a session: issuer, subject and client of the token. */
export function ownerOf(auth: VerifiedAccessToken): SessionOwner {
  return { issuer: auth.issuer, subject: auth.subject, clientId: auth.clientId };
}

/**
 * The last middleware: hands the request, with its `AuthInfo` on `req.auth` and the body the guard
 * decided, to the SDK transport (`handleRequest(req, res, body)`, `ctx.respond = false`) and waits
 * until the response is finished (an SSE stream until it closes).
 */
export function dispatch(config: DispatchConfig): Middleware {
  return async (ctx) => {
    const state = ctx.state as EndpointState;
    const { auth, ability } = state;
    const token = presentedToken(ctx);
    if (auth === undefined || ability === undefined || token === undefined) {
      return refuse(ctx, 'ERR_MCP_INTERNAL');
    }
    const filter = state.filterList ?? config.filterFor(ability);
    const authInfo = toAuthInfo(auth, token, config.resource, { ability });
    const body =
      state.mcpBody === undefined ? undefined : (state.mcpRequest?.body ?? state.mcpBody);
    const messages = body === undefined ? [] : Array.isArray(body) ? body : [body];

    let target: Target;
    try {
      const found = await targetFor(ctx, config, state, authInfo);
      if (found === undefined) return;
      target = found;
    } catch (error) {
      ctx.app.emit('error', error, ctx);
      return refuse(ctx, 'ERR_MCP_INTERNAL');
    }
    const refusal = target.lists.track(messages, filter);
    if (refusal !== undefined) {
      target.done();
      return refusal === 'limit'
        ? refuse(ctx, 'ERR_MCP_LIST_PENDING_LIMIT')
        : refuse(ctx, 'ERR_MCP_INVALID_REQUEST');
    }
    (ctx.req as typeof ctx.req & { auth?: AuthInfo }).auth = authInfo;
    ctx.respond = false;
    try {
      await target.transport.handleRequest(ctx.req, ctx.res, body);
      await finished(ctx);
    } catch (error) {
      ctx.app.emit('error', error, ctx);
      if (!ctx.res.headersSent) {
        ctx.res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        ctx.res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: null,
            error: { code: -32603, message: 'Internal error', data: { code: 'ERR_MCP_INTERNAL' } },
          }),
        );
      } else {
        ctx.res.destroy();
      }
    } finally {
      target.done();
    }
  };
}

interface Target {
  readonly transport: McpTransport;
  readonly lists: ListFilter;
  /** Called once the request is over (closes a stateless server, releases a session). */
  done(): void;
}

async function targetFor(
  ctx: Context,
  config: DispatchConfig,
  state: EndpointState,
  authInfo: Parameters<McpServerFactory>[0],
): Promise<Target | undefined> {
  const { sessions } = config;
  if (sessions === undefined) {
    const transport = new StreamableHTTPServerTransport({
      enableJsonResponse: config.jsonResponse,
    });
    const lists = createListFilter(config.maxPendingLists);
    lists.install(transport);
    const server = await connected(config, authInfo, transport);
    return { transport, lists, done: () => void server.close().catch(() => undefined) };
  }
  const existing = state.mcpSession;
  if (existing !== undefined) return use(existing);

  const owner = ownerOf(state.auth as VerifiedAccessToken);
  if (!sessions.makeRoom(subjectKey(owner))) {
    refuse(ctx, 'ERR_MCP_SESSION_LIMIT');
    return undefined;
  }
  const lists = createListFilter(config.maxPendingLists);
  let session: Session | undefined;
  const transport: McpTransport = new StreamableHTTPServerTransport({
    enableJsonResponse: config.jsonResponse,
    sessionIdGenerator: () => crypto.randomUUID(),
    onsessioninitialized: (id) => {
      session = {
        id,
        owner,
        ownerKey: ownerKey(owner),
        subjectKey: subjectKey(owner),
        transport,
        server,
        filter: lists,
        lastSeen: Date.now(),
        active: 1,
      };
      sessions.add(session);
    },
  });
  lists.install(transport);
  transport.onclose = () => {
    if (session !== undefined) sessions.delete(session.id);
  };
  const server: McpServerLike = await connected(config, authInfo, transport);
  return {
    transport,
    lists,
    done: () => {
      if (session === undefined) {
        // initialization failed: no session was made, nothing will reach this server again
        void server.close().catch(() => undefined);
        return;
      }
      session.active--;
      session.lastSeen = Date.now();
    },
  };
}

function use(session: Session): Target {
  session.active++;
  session.lastSeen = Date.now();
  return {
    transport: session.transport,
    lists: session.filter,
    done: () => {
      session.active--;
      session.lastSeen = Date.now();
    },
  };
}

async function connected(
  config: DispatchConfig,
  authInfo: Parameters<McpServerFactory>[0],
  transport: McpTransport,
): Promise<McpServerLike> {
  const server = await config.factory(authInfo);
  if (typeof server?.connect !== 'function' || typeof server.close !== 'function') {
    throw new TypeError('mcpResourceServer: the server factory must return an MCP SDK server');
  }
  await server.connect(transport);
  return server;
}

/** Resolves when the response is finished or the connection closed. */
function finished(ctx: Context): Promise<void> {
  const { res } = ctx;
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve);
  });
}
