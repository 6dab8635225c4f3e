import { createServer } from 'node:http';
import Koa from 'koa';
import type { StartServer } from '../bench-server.js';
import { listen, stop } from '../listen.js';
import { endpointOn, MCP_PATH } from '../mcp-resource.js';
import { authInfoFromClaims } from '../peer-auth-info.js';
import { serveStateless } from '../stateless-mcp.js';

/** One fixed caller for every request: no token is read or checked. */
const ANONYMOUS = authInfoFromClaims(
  { sub: 'bench-user', client_id: 'bench-client', scope: 'mcp:tools:weather', exp: 2 ** 31 },
  'no-token',
);

async function readJson(stream: AsyncIterable<Uint8Array>): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The floor of scenario 2: the same Koa, the same SDK transport and the same sample MCP server as
 * the resource server, with no authentication, no scope check and no audit. The handlers get one
 * fixed `AuthInfo`, so the tools do the same work as behind Gatehouse.
 */
export const start: StartServer = async () => {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx) => {
    if (ctx.path !== MCP_PATH || ctx.method !== 'POST') {
      ctx.status = 404;
      return;
    }
    const body = await readJson(ctx.req);
    ctx.respond = false;
    await serveStateless(ctx.req, ctx.res, body, ANONYMOUS);
  });
  const http = createServer(app.callback());
  const port = await listen(http);
  return { url: endpointOn(port), info: { auth: 'none', audit: 'none' }, close: () => stop(http) };
};
