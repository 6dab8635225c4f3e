import { isScope } from '@gatehouse/scopes';
import type { SigningAlgorithm } from '@gatehouse/tokens';
import { SIGNING_ALGORITHMS } from '@gatehouse/tokens';
import {
  canonical,
  checkIntrospection,
  checkUrl,
  deepFreeze,
  type IntrospectionConfig,
  isLoopback,
} from './config-checks.js';
import { ConfigError } from './config-error.js';
import { type RawConfig, readEnvironment, readFlags } from './config-sources.js';
import { SETTINGS } from './settings.js';

export type { IntrospectionConfig } from './config-checks.js';
export { DEFAULT_INTROSPECTION_CACHE_SECONDS } from './config-checks.js';

/** The validated configuration of the resource server (frozen). */
export interface ResourceServerConfig {
  /** Development mode: http allowed on loopback for the resource and the issuer. */
  readonly dev: boolean;
  readonly host: string;
  readonly port: number;
  /** The canonical URI of the MCP endpoint; undefined: `http://<host>:<listening port>/mcp` (dev only). */
  readonly resource: string | undefined;
  /** The trusted authorization server's issuer (PRM `authorization_servers`, token `iss`). */
  readonly issuer: string;
  /** JWT signing algorithms accepted. */
  readonly algorithms: readonly SigningAlgorithm[];
  /** Set: tokens are validated by introspection (opaque tokens) instead of as JWTs. */
  readonly introspection: IntrospectionConfig | undefined;
  /** PRM `scopes_supported` and the 401 challenge's `scope`: the minimal starting set (R1). */
  readonly scopesSupported: readonly string[];
  readonly resourceName: string;
  /** Browser origins allowed; undefined: the package default (the resource's origin, or loopback). */
  readonly allowedOrigins: readonly string[] | undefined;
  readonly sessions: 'stateless' | 'stateful';
  readonly auditFile: string;
  readonly logLevel: string;
}

/** Where a configuration comes from; later sources win: defaults, environment, flags. */
export interface ConfigSources {
  /** `GATEHOUSE_MCP_*` variables. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Command-line arguments (without `node` and the script). */
  argv?: readonly string[];
  /** Programmatic settings, over everything else. */
  overrides?: RawConfig;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_DEV_ISSUER = 'http://127.0.0.1:4000';
export const DEFAULT_SCOPES_SUPPORTED: readonly string[] = Object.freeze(['mcp:tools:weather']);
const LOG_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);
const KEYS = new Set(SETTINGS.map((setting) => setting.key));

/**
 * Reads the configuration from the environment and the command line and validates it; throws
 * {@link ConfigError} (`ERR_CONFIG_INVALID`) naming every problem. (`--help` is the CLI's business.)
 */
export function loadConfig(sources: ConfigSources = {}): ResourceServerConfig {
  const flags = readFlags(sources.argv ?? []);
  return validateConfig({
    ...readEnvironment(sources.env ?? {}),
    ...flags.raw,
    ...sources.overrides,
  });
}

/** Checks a raw configuration and applies the defaults (see the README's table). */
export function validateConfig(raw: RawConfig): ResourceServerConfig {
  const problems: string[] = [];
  const get = <T>(key: string, fallback: T, ok: (value: unknown) => boolean, want: string): T => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (ok(value)) return value as T;
    problems.push(`${key}: must be ${want}`);
    return fallback;
  };
  const text = (key: string, fallback: string) =>
    get(key, fallback, (v) => typeof v === 'string' && v !== '', 'a non-empty string');
  const list = (key: string, fallback: readonly string[]) =>
    get(
      key,
      fallback,
      (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'),
      'a list of strings',
    );
  for (const key of Object.keys(raw)) if (!KEYS.has(key)) problems.push(`${key}: unknown setting`);

  const dev = get('dev', false, (v) => typeof v === 'boolean', 'true or false');
  const host = text('host', '127.0.0.1');
  const port = get(
    'port',
    DEFAULT_PORT,
    (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65_535,
    'a port number (0 to 65535)',
  );
  const resource =
    raw.resource === undefined ? undefined : checkUrl('resource', raw.resource, dev, problems);
  if (resource !== undefined && canonical(resource) !== resource) {
    problems.push(`resource: must be in canonical form (${canonical(resource) ?? 'RFC 8707'})`);
  }
  if (resource === undefined && raw.resource === undefined) {
    if (!dev) problems.push('resource: required (the https URI of this MCP server) unless --dev');
    else if (!isLoopback(host))
      problems.push('resource: required when --dev listens on a non-loopback host');
  }
  const issuer = checkUrl(
    'issuer',
    raw.issuer ?? (dev ? DEFAULT_DEV_ISSUER : undefined),
    dev,
    problems,
  );
  const algorithms = list('algorithms', ['ES256']);
  for (const alg of algorithms)
    if (!(SIGNING_ALGORITHMS as readonly string[]).includes(alg))
      problems.push(`algorithms: "${alg}" is not an accepted asymmetric algorithm`);
  if (algorithms.length === 0) problems.push('algorithms: name at least one');
  const scopesSupported = list('scopesSupported', DEFAULT_SCOPES_SUPPORTED);
  for (const scope of scopesSupported) {
    if (!isScope(scope)) problems.push(`scopesSupported: "${scope}" is not a valid scope`);
    if (scope === 'offline_access')
      problems.push('scopesSupported: offline_access is never advertised (MCP R3)');
  }
  const allowedOrigins = raw.allowedOrigins === undefined ? undefined : list('allowedOrigins', []);
  for (const origin of allowedOrigins ?? []) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin)
      problems.push(`allowedOrigins: "${origin}" is not an origin (scheme://host[:port])`);
  }
  const sessions = get(
    'sessions',
    'stateless' as const,
    (v) => v === 'stateless' || v === 'stateful',
    'stateless or stateful',
  );
  const logLevel = get(
    'logLevel',
    'info',
    (v) => typeof v === 'string' && LOG_LEVELS.has(v),
    [...LOG_LEVELS].join(', '),
  );
  const config: ResourceServerConfig = {
    dev,
    host,
    port,
    resource,
    issuer: issuer ?? '',
    algorithms: algorithms as SigningAlgorithm[],
    introspection: checkIntrospection(raw, dev, problems),
    scopesSupported,
    resourceName: text('resourceName', 'Gatehouse sample MCP server'),
    allowedOrigins,
    sessions,
    auditFile: text('auditFile', './data/resource-audit.log'),
    logLevel,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}
