import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy forwarded, and the status the upstream answered. */
export interface ProxiedExchange {
  method: string;
  path: string;
  status: number;
  wwwAuthenticate: string | undefined;
}

/** A running proxy. */
export interface TestProxy {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The requests forwarded so far, with the upstream's answers. */
  exchanges(): ProxiedExchange[];
  close(): Promise<void>;
}

/**
 * TEST ONLY. A reverse proxy on 127.0.0.1 that forwards every request to `target` (a loopback
 * origin), streaming both ways (SSE included), and records each exchange. With `injectToken`, it
 * sets `Authorization: Bearer <token>` on every request: tools that cannot authenticate themselves,
 * such as the conformance suite's server mode, reach the protected MCP server through it. Every other
 * header, `Host` and `Origin` included, is passed on as sent, so the server's own Host/Origin checks
 * still see what the tool sent.
 */
export async function startTestProxy(
  target: string,
  options: { injectToken?: () => string } = {},
): Promise<TestProxy> {
  const upstream = new URL(target);
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(upstream.hostname)) {
    throw new TypeError('the test proxy forwards to loopback origins only');
  }
  const exchanges: ProxiedExchange[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers };
    if (options.injectToken !== undefined)
      headers.authorization = `Bearer ${options.injectToken()}`;
    const forward = request(
      {
        host: upstream.hostname.replace(/^\[|\]$/g, ''),
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        const challenge = answer.headers['www-authenticate'];
        exchanges.push({
          method: incoming.method ?? '',
          path: incoming.url ?? '',
          status,
          wwwAuthenticate: Array.isArray(challenge) ? challenge.join(', ') : challenge,
        });
        outgoing.writeHead(status, answer.rawHeaders);
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
    exchanges: () => [...exchanges],
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
