import { join } from 'node:path';
import {
  Checker,
  checkDescriptions,
  checkIssuer,
  checkRateLimits,
  checkResources,
  deepFreeze,
} from './config-checks.js';
import { checkClients, checkUserClaimNames } from './config-clients.js';
import { configError, type RawConfig, readConfigFile, readEnvironment } from './config-sources.js';
import type { AuthServerConfig, RateLimitName, RateLimitSetting } from './context.js';
import { DEFAULT_USER_CLAIMS } from './users/claims.js';

export { ENV_VARIABLES } from './config-sources.js';

/** Where the configuration comes from; later sources win: defaults, file, environment, flags. */
export interface ConfigSources {
  /** A JSON file (`--config`). */
  file?: string | undefined;
  /** The environment (`GATEHOUSE_*`, `DATABASE_URL`); default none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Command-line flags and programmatic overrides (`--dev`, `--port`). */
  overrides?: RawConfig;
}

export const DEFAULT_PORT = 4000;
export const DEFAULT_RESOURCE: Readonly<{ uri: string; scopes: readonly string[] }> = Object.freeze(
  {
    uri: 'http://127.0.0.1:3000/mcp',
    scopes: Object.freeze([
      'mcp:tools:*',
      'mcp:resources:*',
      'mcp:prompts:*',
      'mcp:exec:workflows:*',
    ]),
  },
);
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitName, RateLimitSetting>> = Object.freeze(
  {
    token: { points: 120, durationSeconds: 60 },
    register: { points: 20, durationSeconds: 60 },
    authorize: { points: 30, durationSeconds: 60 },
    documents: { points: 60, durationSeconds: 60 },
    introspect: { points: 600, durationSeconds: 60 },
    revoke: { points: 60, durationSeconds: 60 },
  },
);
const KEYS = [
  'issuer',
  'host',
  'port',
  'dev',
  'dataDir',
  'databaseUrl',
  'resources',
  'defaultResource',
  'accessTokenTtlSeconds',
  'refreshTokenTtlSeconds',
  'codeTtlSeconds',
  'keyPublishSeconds',
  'registeredScopeIsCeiling',
  'scopeDescriptions',
  'trustProxy',
  'auditFile',
  'sessionSecret',
  'rateLimits',
  'cimdAllowPrivateOrigins',
  'cimdCaCertificates',
  'userClaims',
  'clients',
  'introspectionClients',
];

/**
 * Loads and validates the configuration, throwing `ERR_CONFIG_INVALID` with every problem, each
 * naming its field. Defaults: port 4000 on 127.0.0.1, SQLite in `./data`, the resource
 * `http://127.0.0.1:3000/mcp` (`mcp:tools:*`, `mcp:resources:*`, `mcp:prompts:*`,
 * `mcp:exec:workflows:*`), access tokens 300 s, refresh tokens 30 days, codes 60 s, keys published
 * 300 s before they sign, the user claim `tenant` copied into tokens, no pre-registered clients, no client allowed to introspect
 * (`introspectionClients`). The
 * issuer must be https; `--dev` allows loopback http and defaults it to `http://127.0.0.1:<port>`.
 */
export function loadConfig(sources: ConfigSources = {}): AuthServerConfig {
  const raw: RawConfig = {
    ...(sources.file === undefined ? {} : readConfigFile(sources.file)),
    ...readEnvironment(sources.env ?? {}),
    ...sources.overrides,
  };
  return validateConfig(raw);
}

/** Checks a raw configuration and applies the defaults (see {@link loadConfig}). */
export function validateConfig(raw: RawConfig): AuthServerConfig {
  const problems: string[] = [];
  const check = new Checker(raw, problems);
  for (const key of Object.keys(raw))
    if (!KEYS.includes(key)) problems.push(`${key}: unknown setting`);
  const dev = check.boolean('dev', false);
  const port = check.integer('port', DEFAULT_PORT, 0, 65_535);
  const host = check.string('host', '127.0.0.1');
  const issuer = checkIssuer(raw.issuer, dev, port, problems);
  const dataDir = check.string('dataDir', './data');
  const accessTtl = check.integer('accessTokenTtlSeconds', 300, 1, 86_400);
  const resources = checkResources(raw.resources, dev, accessTtl, problems, DEFAULT_RESOURCE);
  const defaultResource = check.string(
    'defaultResource',
    resources[0]?.uri ?? DEFAULT_RESOURCE.uri,
  );
  if (resources.length > 0 && !resources.some((r) => r.uri === defaultResource)) {
    problems.push('defaultResource: must be the uri of one of the resources');
  }
  const keyPublishSeconds = check.integer('keyPublishSeconds', 300, dev ? 0 : 1, 86_400);
  const origins = check.stringList('cimdAllowPrivateOrigins', []);
  const ca =
    raw.cimdCaCertificates === undefined ? undefined : check.stringList('cimdCaCertificates', []);
  if (!dev && (origins.length > 0 || ca !== undefined)) {
    problems.push(
      'cimdAllowPrivateOrigins / cimdCaCertificates: test settings, allowed only with --dev',
    );
  }
  const config: AuthServerConfig = {
    issuer,
    host,
    port,
    dev,
    dataDir,
    resources,
    defaultResource,
    codeTtlSeconds: check.integer('codeTtlSeconds', 60, 1, 600),
    refreshTokenTtlSeconds: check.integer('refreshTokenTtlSeconds', 30 * 86_400, 60, 365 * 86_400),
    registeredScopeIsCeiling: check.boolean('registeredScopeIsCeiling', false),
    scopeDescriptions: checkDescriptions(raw.scopeDescriptions, problems),
    trustProxy: check.boolean('trustProxy', false),
    cimdAllowPrivateOrigins: origins,
    keyPublishSeconds,
    auditFile: check.string('auditFile', join(dataDir, 'audit.log')),
    rateLimits: checkRateLimits(raw.rateLimits, problems, DEFAULT_RATE_LIMITS),
    userClaims: checkUserClaimNames(raw.userClaims, DEFAULT_USER_CLAIMS, problems),
    clients: raw.clients === undefined ? [] : checkClients(raw.clients, resources, problems),
    introspectionClients: check.stringList('introspectionClients', []),
  };
  if (raw.databaseUrl !== undefined) config.databaseUrl = check.string('databaseUrl', '');
  if (raw.sessionSecret !== undefined) config.sessionSecret = check.string('sessionSecret', '');
  if (ca !== undefined) config.cimdCaCertificates = ca;
  if (problems.length > 0) throw configError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return deepFreeze(config);
}
