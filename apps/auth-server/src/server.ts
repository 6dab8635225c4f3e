import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import { createApp } from './app.js';
import { provisionClients } from './clients/provision.js';
import type { AuthServerConfig, ServerContext } from './context.js';
import { loadSigningKeys } from './keys/index.js';
import { createClientResolver } from './oauth/clients.js';
import { registrationPolicyFor } from './oauth/registration-policy.js';
import { createHeadSaver, createServerAudit } from './runtime/audit.js';
import { loadSessionSecret } from './session/session-secret.js';
import { createStore, storeUrl } from './store/index.js';
import type { AuthStore } from './store/types.js';
import { type DemoUser, ensureDemoUser } from './users/index.js';

/** Options of {@link startAuthServer}. */
export interface StartOptions {
  /** pino logger; default JSON lines on stdout at `info`. */
  log?: Logger;
  /** Seconds since the epoch; default the system clock (tests inject one). */
  now?: () => number;
  /** Use this store instead of opening `storeUrl(config)` (it is closed with the server). */
  store?: AuthStore;
  /** Seed the demo user on first start (default true). */
  seedDemoUser?: boolean;
  /** Milliseconds between `deleteExpired`, audit head saves and key refreshes. Default 60,000. */
  maintenanceIntervalMs?: number;
  /** Where the configured clients' `client_secret_env` variables are read; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A running authorization server. */
export interface RunningAuthServer {
  /** The issuer (for port 0 in `--dev`, with the port the system chose). */
  url: string;
  context: ServerContext;
  /** The demo user created on this (first) start: print the password once. */
  demoUser?: DemoUser;
  /** Stops accepting, drains requests (10 s at most), saves the audit head, flushes, closes the store. */
  close(): Promise<void>;
}

/**
 * Starts the authorization server: opens the store (migrations run), loads or creates the signing
 * keys, stores the configured `clients`, seeds the demo user on first start, opens the audit log
 * (file + database), listens, and runs maintenance on a timer: `deleteExpired`, the audit chain head
 * saved in the database, key refresh.
 *
 * @example
 * ```ts
 * import { loadConfig, startAuthServer } from '@gatehouse/auth-server';
 *
 * const server = await startAuthServer(loadConfig({ overrides: { dev: true, port: 0 } }));
 * console.log(server.url, server.demoUser?.password);
 * await server.close();
 * ```
 */
export async function startAuthServer(
  initial: AuthServerConfig,
  options: StartOptions = {},
): Promise<RunningAuthServer> {
  const log = options.log ?? pino({ name: 'gatehouse-auth' });
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  mkdirSync(initial.dataDir, { recursive: true });
  const http = createServer();
  await listen(http, initial.host, initial.port);
  const config = withListeningPort(initial, http);
  const store = options.store ?? (await createStore({ url: storeUrl(config) }));
  try {
    const longestToken = Math.max(...config.resources.map((r) => r.accessTokenTtlSeconds));
    const keys = await loadSigningKeys({
      store: store.signingKeys,
      publishSeconds: config.keyPublishSeconds,
      retainSeconds: longestToken + 300,
      now,
    });
    await provisionClients(store.clients, config.clients, {
      now: now(),
      ...(options.env === undefined ? {} : { env: options.env }),
    });
    const demoUser =
      options.seedDemoUser === false ? undefined : await ensureDemoUser(store, log, { now: now() });
    const audit = createServerAudit({ auditFile: config.auditFile, store: store.audit, log });
    const policy = registrationPolicyFor(config);
    const context: ServerContext = {
      config,
      store,
      keys,
      clients: createClientResolver({ config, store, policy }),
      audit,
      log,
      now,
    };
    const sessionSecret = loadSessionSecret({
      configured: config.sessionSecret,
      dataDir: config.dataDir,
    });
    const app = createApp(context, { sessionSecret, registrationPolicy: policy });
    http.on('request', app.callback());
    const saveHead = createHeadSaver(audit, store.audit, now);
    const maintenance = setInterval(() => {
      void Promise.allSettled([store.deleteExpired(now()), saveHead(), keys.refresh(now())]).then(
        (results) => {
          for (const result of results) {
            if (result.status === 'rejected')
              log.error({ err: result.reason }, 'maintenance failed');
          }
        },
      );
    }, options.maintenanceIntervalMs ?? 60_000);
    maintenance.unref();
    log.info({ issuer: config.issuer }, 'authorization server listening');
    let closing: Promise<void> | undefined;
    return {
      url: config.issuer,
      context,
      ...(demoUser === undefined ? {} : { demoUser }),
      close: () => {
        closing ??= (async () => {
          clearInterval(maintenance);
          await drain(http);
          await saveHead().catch((error: unknown) =>
            log.error({ err: error }, 'saving the audit head failed'),
          );
          await audit.close();
          await store.close();
          log.info('authorization server stopped');
        })();
        return closing;
      },
    };
  } catch (error) {
    await drain(http);
    if (options.store === undefined) await store.close();
    throw error;
  }
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

/** Port 0 in `--dev` (tests): an issuer on port 0 follows the port the system chose. */
function withListeningPort(config: AuthServerConfig, http: Server): AuthServerConfig {
  const { port } = http.address() as AddressInfo;
  const issuer = new URL(config.issuer);
  if (!config.dev || config.port !== 0 || issuer.port !== '0') return config;
  issuer.port = String(port);
  const text = issuer.pathname === '/' ? issuer.origin : issuer.href;
  return Object.freeze({ ...config, port, issuer: text });
}

/** Stops accepting, lets in-flight requests finish (10 s at most), then closes what is left. */
function drain(http: Server): Promise<void> {
  if (!http.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => http.closeAllConnections(), 10_000);
    force.unref();
    http.close(() => {
      clearTimeout(force);
      resolve();
    });
    http.closeIdleConnections();
  });
}
