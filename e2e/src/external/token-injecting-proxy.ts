import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running proxy. */
export interface TokenInjectingProxy {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Requests forwarded so far. */
  forwarded(): number;
  close(): Promise<void>;
}

/**
 * TEST ONLY. A reverse proxy on 127.0.0.1 that sets `Authorization: Bearer <token>` on every request
 * and forwards it, streaming both ways (SSE included), to `target` (a loopback origin). Tools that
 * cannot authenticate themselves, such as the conformance suite's server mode, reach the protected
 * MCP server through it. Every other header, the `Host` and `Origin` included, is passed on as sent,
 * so the server's own Host/Origin checks still see what the tool sent.
 */
export async function startTokenInjectingProxy(
  target: string,
  token: () => string,
): Promise<TokenInjectingProxy> {
  const upstream = new URL(target);
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(upstream.hostname)) {
    throw new TypeError('the proxy forwards to loopback origins only');
  }
  let count = 0;
  const server: Server = createServer((incoming, outgoing) => {
    count += 1;
    const headers = { ...incoming.headers, authorization: `Bearer ${token()}` };
    const forward = request(
      {
        host: upstream.hostname.replace(/^\[|\]$/g, ''),
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502).end();
      else outgoing.destroy();
    });
    outgoing.on('close', () => forward.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    forwarded: () => count,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
