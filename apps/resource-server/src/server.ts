import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditLogger } from '@gatehouse/audit';
import { type Logger, pino } from 'pino';
import { createApp } from './app.js';
import { createServerAudit } from './audit.js';
import type { ResourceServerConfig } from './config.js';
import { createServerVerifier } from './verifier.js';

/** Options of {@link startResourceServer}. */
export interface StartResourceServerOptions {
  /** pino logger; default JSON lines on stdout at the configured `logLevel`. */
  log?: Logger;
  /** Milliseconds that `close()` lets open requests finish before cutting them. Default 10,000. */
  drainMs?: number;
}

/** A running resource server. */
export interface RunningResourceServer {
  /** The MCP endpoint: the canonical resource URI (for port 0 in --dev, with the chosen port). */
  readonly url: string;
  /** The Protected Resource Metadata URL (path-inserted form), as in every 401 challenge. */
  readonly resourceMetadataUrl: string;
  /** The authorization server trusted. */
  readonly issuer: string;
  /** The audit logger (its file is `config.auditFile`). */
  readonly audit: AuditLogger;
  /**
   * Stops accepting connections, closes MCP sessions, lets open requests finish (`drainMs` at most),
   * then flushes and closes the audit log and logs its chain head. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts the sample MCP server: listens on `config.host:config.port`, opens the audit log, builds
 * the token verifier (JWT via the issuer's `jwks_uri`, or introspection) and serves the app. Then it
 * tries to resolve the issuer's metadata once, to log the `jwks_uri` in use or warn that the
 * authorization server is not reachable yet (verification retries by itself: the two servers may
 * start in any order).
 */
export async function startResourceServer(
  config: ResourceServerConfig,
  options: StartResourceServerOptions = {},
): Promise<RunningResourceServer> {
  const log = options.log ?? pino({ name: 'gatehouse-mcp', level: config.logLevel });
  const http = createServer();
  await listen(http, config.host, config.port);
  let audit: AuditLogger | undefined;
  try {
    const resource = config.resource ?? defaultResource(http);
    audit = createServerAudit(config.auditFile, log);
    const { verifier, kind, ready } = createServerVerifier(config, resource);
    const { app, mcp } = createApp(config, { resource, verifier, audit, log });
    http.on('request', app.callback());
    log.info(
      { resource, issuer: config.issuer, tokens: kind, auditFile: config.auditFile },
      'MCP server listening',
    );
    ready().then(
      (jwksUri) => jwksUri !== undefined && log.info({ jwksUri }, 'authorization server found'),
      (error: unknown) =>
        log.warn(
          { issuer: config.issuer, code: (error as { code?: unknown }).code },
          'authorization server metadata not available yet: token verification will retry',
        ),
    );
    const openAudit = audit;
    let closing: Promise<void> | undefined;
    return {
      url: resource,
      resourceMetadataUrl: mcp.resourceMetadataUrl,
      issuer: config.issuer,
      audit: openAudit,
      close: () => {
        closing ??= (async () => {
          const drained = stop(http, options.drainMs ?? 10_000);
          await mcp.close();
          await drained;
          await openAudit.close();
          const head = openAudit.head();
          log.info({ auditHead: `${head.seq}:${head.hash}` }, 'MCP server stopped');
        })();
        return closing;
      },
    };
  } catch (error) {
    await stop(http, 0);
    await audit?.close();
    throw error;
  }
}

/** `http://127.0.0.1:<port>/mcp` for the address the server listens on. */
function defaultResource(http: Server): string {
  const { address, port } = http.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}/mcp`;
}

function listen(http: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting, closes idle connections, and cuts the rest after `graceMs`. */
function stop(http: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!http.listening) return resolve();
    const timer = setTimeout(() => http.closeAllConnections(), graceMs);
    http.close(() => {
      clearTimeout(timer);
      resolve();
    });
    http.closeIdleConnections();
  });
}
