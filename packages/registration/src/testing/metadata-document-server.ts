import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

/** Handles one request to a path of the {@link MetadataDocumentServer}. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local HTTPS server for Client ID Metadata Document tests; see {@link startMetadataDocumentServer}. */
export interface MetadataDocumentServer {
  /** `https://127.0.0.1:<port>`: put it in `allowPrivateOrigins` to let the resolver reach it. */
  readonly origin: string;
  /** The port it listens on (127.0.0.1 only). */
  readonly port: number;
  /** The self-signed certificate to trust: pass it as `ca` to `createPinnedFetch`. */
  readonly ca: string;
  /** `https://<host>:<port><path>`, by default on `127.0.0.1`. */
  url(path: string, host?: string): string;
  /** Serves `handler` at `path` (exact path, query ignored). */
  route(path: string, handler: RouteHandler): void;
  /** Serves `document` as `application/json` at `path`, with extra response headers. */
  document(path: string, document: unknown, headers?: Readonly<Record<string, string>>): void;
  /** How many requests each path has received. */
  hits(path: string): number;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** Options of {@link startMetadataDocumentServer}. */
export interface MetadataDocumentServerOptions {
  /** Host names the certificate is valid for, besides 127.0.0.1. Default `['localhost']`. */
  dnsNames?: readonly string[];
}

/**
 * Starts an HTTPS server on 127.0.0.1 (a random port) with a fresh self-signed certificate, to serve
 * metadata documents, redirects, oversized or slow bodies in tests. The resolver's SSRF rules stay on:
 * to reach this server a test passes `allowPrivateOrigins: [server.origin]` (an explicit allow-list
 * entry for this one origin) and `createPinnedFetch({ ca: server.ca })` (trusting this one certificate).
 *
 * @example
 * ```ts
 * import { resolveClientIdMetadataDocument } from '@gatehouse/registration';
 * import { createPinnedFetch, resolveHost } from '@gatehouse/registration/node';
 * import { startMetadataDocumentServer } from '@gatehouse/registration/testing';
 *
 * const server = await startMetadataDocumentServer();
 * const clientId = server.url('/client.json');
 * server.document('/client.json', { client_id: clientId, client_name: 'Test', redirect_uris: ['http://127.0.0.1/cb'] });
 * const client = await resolveClientIdMetadataDocument(clientId, {
 *   fetch: createPinnedFetch({ ca: server.ca }),
 *   resolveHost,
 *   policy,
 *   allowPrivateOrigins: [server.origin],
 * });
 * await server.close();
 * ```
 */
export async function startMetadataDocumentServer(
  options: MetadataDocumentServerOptions = {},
): Promise<MetadataDocumentServer> {
  const { cert, key } = createSelfSignedCertificate({
    dnsNames: options.dnsNames ?? ['localhost'],
    ipAddresses: ['127.0.0.1'],
  });
  const routes = new Map<string, RouteHandler>();
  const counts = new Map<string, number>();
  const server = createServer({ cert, key }, (request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler === undefined) {
      response.writeHead(404).end();
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `https://127.0.0.1:${port}`;
  return {
    origin,
    port,
    ca: cert,
    url: (path, host = '127.0.0.1') => `https://${host}:${port}${path}`,
    route: (path, handler) => {
      routes.set(path, handler);
    },
    document: (path, document, headers = {}) => {
      const body = JSON.stringify(document);
      routes.set(path, (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', ...headers }).end(body);
      });
    },
    hits: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
