import { isLoopbackHost } from '@gatehouse/internal';
import type { Context, Middleware } from 'koa';
import { refuse } from './respond.js';

/** Which browser origins may call the endpoint: a list of origins, or a predicate. */
export type AllowedOrigins = readonly string[] | ((origin: string) => boolean);

const ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOW_HEADERS =
  'Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID';
const EXPOSE_HEADERS = 'WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The `Origin` check (MCP R14, the DNS-rebinding defence) as a predicate over the header value. By
 * default: the resource's own origin, and when the resource is on a loopback host, any loopback
 * origin (`localhost`, `127.0.0.0/8`, `[::1]`, any port). A request without `Origin` (not a browser)
 * is not checked here.
 */
export function originPredicate(
  name: string,
  resource: URL,
  allowed: AllowedOrigins | undefined,
): (origin: string) => boolean {
  if (typeof allowed === 'function') return (origin) => allowed(origin) === true;
  if (allowed !== undefined && !Array.isArray(allowed)) {
    throw new TypeError(`${name}: allowedOrigins must be a list of origins or a function`);
  }
  const listed = new Set<string>();
  for (const origin of allowed ?? [resource.origin]) {
    if (origin === 'null') {
      listed.add(origin);
      continue;
    }
    if (typeof origin !== 'string' || !URL.canParse(origin) || new URL(origin).origin === 'null') {
      throw new TypeError(
        `${name}: allowedOrigins must hold origins such as https://app.example.com`,
      );
    }
    listed.add(new URL(origin).origin);
  }
  const loopback = allowed === undefined && isLoopbackHost(resource.hostname);
  return (origin) => {
    if (listed.has(origin)) return true;
    if (!URL.canParse(origin)) return false;
    const url = new URL(origin);
    // only an exact serialized origin counts (no path, userinfo or trailing dot games)
    if (url.origin !== origin) return false;
    return (
      loopback &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      isLoopbackHost(url.hostname)
    );
  };
}

/**
 * Koa middleware in front of everything else on the endpoint: refuses a browser request from an
 * origin that is not allowed (403 JSON-RPC error, `ERR_MCP_ORIGIN_REFUSED`, also for a repeated
 * `Origin` header), then sets the CORS headers for an allowed one (exposing `WWW-Authenticate` and
 * `Mcp-Session-Id`, so browser clients can read challenges and sessions) and answers preflight
 * requests (204) before authentication, as browsers send them without credentials.
 */
export function originAndCors(isAllowed: (origin: string) => boolean): Middleware {
  return async (ctx, next) => {
    const origin = singleOrigin(ctx);
    if (origin === false || (origin !== undefined && !isAllowed(origin))) {
      return refuse(ctx, 'ERR_MCP_ORIGIN_REFUSED');
    }
    ctx.vary('Origin');
    if (origin !== undefined) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      ctx.set('Allow', ALLOW_METHODS);
      if (origin !== undefined) {
        ctx.set('Access-Control-Allow-Methods', ALLOW_METHODS);
        ctx.set('Access-Control-Allow-Headers', requestedHeaders(ctx));
        ctx.set('Access-Control-Max-Age', '600');
      }
      return;
    }
    await next();
  };
}

/** The `Origin` header, `undefined` without one, `false` when it is sent more than once. */
function singleOrigin(ctx: Context): string | undefined | false {
  const raw = ctx.req.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === 'origin') count++;
  }
  if (count > 1) return false;
  return count === 0 ? undefined : ctx.get('origin');
}

/** The headers a preflight asks for, when each is a header name; otherwise the MCP set. */
function requestedHeaders(ctx: Context): string {
  const asked = ctx
    .get('access-control-request-headers')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (asked.length === 0 || !asked.every((name) => HEADER_NAME.test(name))) return ALLOW_HEADERS;
  const known = new Set(ALLOW_HEADERS.toLowerCase().split(', '));
  const extra = asked.filter((name) => !known.has(name.toLowerCase()));
  return extra.length === 0 ? ALLOW_HEADERS : `${ALLOW_HEADERS}, ${extra.join(', ')}`;
}
