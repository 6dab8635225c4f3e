import { join } from 'node:path';
import { canonicalResourceUri } from '@gatehouse/discovery';
import { isScope } from '@gatehouse/scopes';
import { configError, type RawConfig, readConfigFile, readEnvironment } from './config-sources.js';
import type {
  AuthServerConfig,
  RateLimitName,
  RateLimitSetting,
  ResourceServerConfig,
} from './context.js';

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
];
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Loads and validates the configuration, throwing `ERR_CONFIG_INVALID` with every problem, each
 * naming its field. Defaults: port 4000 on 127.0.0.1, SQLite in `./data`, the resource
 * `http://127.0.0.1:3000/mcp` (`mcp:tools:*`, `mcp:resources:*`, `mcp:prompts:*`,
 * `mcp:exec:workflows:*`), access tokens 300 s, refresh tokens 30 days, codes 60 s, keys published
 * 300 s before they sign. The issuer must be https; `--dev` allows loopback http and defaults it to
 * `http://127.0.0.1:<port>`.
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
  const resources = checkResources(raw.resources, dev, accessTtl, problems);
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
    rateLimits: checkRateLimits(raw.rateLimits, problems),
  };
  if (raw.databaseUrl !== undefined) config.databaseUrl = check.string('databaseUrl', '');
  if (raw.sessionSecret !== undefined) config.sessionSecret = check.string('sessionSecret', '');
  if (ca !== undefined) config.cimdCaCertificates = ca;
  if (problems.length > 0) throw configError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return deepFreeze(config);
}

class Checker {
  constructor(
    private readonly raw: RawConfig,
    private readonly problems: string[],
  ) {}
  private value<T>(key: string, fallback: T, ok: (v: unknown) => boolean, want: string): T {
    const value = this.raw[key];
    if (value === undefined) return fallback;
    if (ok(value)) return value as T;
    this.problems.push(`${key}: must be ${want}`);
    return fallback;
  }
  boolean(key: string, fallback: boolean): boolean {
    return this.value(key, fallback, (v) => typeof v === 'boolean', 'true or false');
  }
  string(key: string, fallback: string): string {
    return this.value(
      key,
      fallback,
      (v) => typeof v === 'string' && v !== '',
      'a non-empty string',
    );
  }
  integer(key: string, fallback: number, min: number, max: number): number {
    return this.value(
      key,
      fallback,
      (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max,
      `a whole number from ${min} to ${max}`,
    );
  }
  stringList(key: string, fallback: string[]): string[] {
    return this.value(
      key,
      fallback,
      (v) => Array.isArray(v) && v.every((i) => typeof i === 'string'),
      'a list of strings',
    );
  }
}

function checkIssuer(value: unknown, dev: boolean, port: number, problems: string[]): string {
  if (value === undefined) {
    if (dev) return `http://127.0.0.1:${port}`;
    problems.push(
      'issuer: required (an https URL); only --dev defaults it to http://127.0.0.1:<port>',
    );
    return '';
  }
  if (typeof value !== 'string' || !URL.canParse(value)) {
    problems.push('issuer: must be an absolute URL');
    return '';
  }
  const url = new URL(value);
  const canonical = url.pathname === '/' ? url.origin : url.href;
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    problems.push('issuer: must have no query and no fragment');
  } else if (url.username !== '' || url.password !== '')
    problems.push('issuer: must have no userinfo');
  else if (canonical !== value)
    problems.push(`issuer: must be written canonically, as ${canonical}`);
  else if (url.protocol === 'http:' && !(dev && LOOPBACK.has(url.hostname))) {
    problems.push('issuer: must be https (loopback http only with --dev)');
  } else if (url.protocol !== 'https:' && url.protocol !== 'http:')
    problems.push('issuer: must be https');
  return value;
}

function checkResources(
  value: unknown,
  dev: boolean,
  ttl: number,
  problems: string[],
): ResourceServerConfig[] {
  const list = value === undefined ? [DEFAULT_RESOURCE] : value;
  if (!Array.isArray(list) || list.length === 0) {
    problems.push(
      'resources: must be a non-empty list of { uri, scopes, name?, accessTokenTtlSeconds? }',
    );
    return [];
  }
  return list.map((entry: unknown, index) => {
    const field = `resources[${index}]`;
    const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
    for (const key of Object.keys(item)) {
      if (!['uri', 'scopes', 'name', 'accessTokenTtlSeconds'].includes(key))
        problems.push(`${field}.${key}: unknown setting`);
    }
    let uri = '';
    try {
      uri = canonicalResourceUri(String(item.uri));
      const url = new URL(uri);
      if (
        url.protocol !== 'https:' &&
        !(dev && url.protocol === 'http:' && LOOPBACK.has(url.hostname))
      ) {
        problems.push(`${field}.uri: must be https (loopback http only with --dev)`);
      }
    } catch {
      problems.push(`${field}.uri: must be an absolute URI without a fragment`);
    }
    const scopes = Array.isArray(item.scopes) ? item.scopes : [];
    if (scopes.length === 0 || !scopes.every((scope) => isScope(scope))) {
      problems.push(
        `${field}.scopes: must be a non-empty list of scope patterns (mcp:tools:*, ...)`,
      );
    }
    const life = item.accessTokenTtlSeconds ?? ttl;
    if (!Number.isSafeInteger(life) || (life as number) < 1 || (life as number) > 86_400) {
      problems.push(`${field}.accessTokenTtlSeconds: must be a whole number from 1 to 86400`);
    }
    const resource: ResourceServerConfig = {
      uri,
      scopes: scopes as string[],
      accessTokenTtlSeconds: life as number,
    };
    if (typeof item.name === 'string') resource.name = item.name;
    else if (item.name !== undefined) problems.push(`${field}.name: must be a string`);
    return resource;
  });
}

function checkDescriptions(value: unknown, problems: string[]): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push('scopeDescriptions: must be an object of scope pattern -> text');
    return {};
  }
  for (const [scope, text] of Object.entries(value)) {
    if (!isScope(scope) || typeof text !== 'string')
      problems.push(`scopeDescriptions.${scope}: must map a scope pattern to text`);
  }
  return { ...(value as Record<string, string>) };
}

function checkRateLimits(
  value: unknown,
  problems: string[],
): Record<RateLimitName, RateLimitSetting> {
  const limits = structuredClone(DEFAULT_RATE_LIMITS) as Record<RateLimitName, RateLimitSetting>;
  if (value === undefined) return limits;
  if (typeof value !== 'object' || value === null) {
    problems.push('rateLimits: must be an object');
    return limits;
  }
  for (const [name, setting] of Object.entries(value)) {
    const s = setting as Partial<RateLimitSetting> | null;
    if (!(name in limits))
      problems.push(
        `rateLimits.${name}: unknown endpoint (token, register, authorize, introspect, revoke)`,
      );
    else if (
      !Number.isSafeInteger(s?.points) ||
      (s?.points ?? 0) < 1 ||
      !Number.isSafeInteger(s?.durationSeconds) ||
      (s?.durationSeconds ?? 0) < 1
    ) {
      problems.push(`rateLimits.${name}: must be { points >= 1, durationSeconds >= 1 }`);
    } else
      limits[name as RateLimitName] = {
        points: s?.points as number,
        durationSeconds: s?.durationSeconds as number,
      };
  }
  return limits;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
