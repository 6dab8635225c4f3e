import { canonicalResourceUri } from '@gatehouse/discovery';
import { isScope } from '@gatehouse/scopes';
import type { RawConfig } from './config-sources.js';
import type { RateLimitName, RateLimitSetting, ResourceServerConfig } from './context.js';

/** Field checks of `validateConfig`: each pushes a message naming its field and returns a usable value. */
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

export class Checker {
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

export function checkIssuer(
  value: unknown,
  dev: boolean,
  port: number,
  problems: string[],
): string {
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

export function checkResources(
  value: unknown,
  dev: boolean,
  ttl: number,
  problems: string[],
  fallback: { uri: string; scopes: readonly string[] },
): ResourceServerConfig[] {
  const list = value === undefined ? [fallback] : value;
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

export function checkDescriptions(value: unknown, problems: string[]): Record<string, string> {
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

export function checkRateLimits(
  value: unknown,
  problems: string[],
  defaults: Readonly<Record<RateLimitName, RateLimitSetting>>,
): Record<RateLimitName, RateLimitSetting> {
  const limits = structuredClone(defaults) as Record<RateLimitName, RateLimitSetting>;
  if (value === undefined) return limits;
  if (typeof value !== 'object' || value === null) {
    problems.push('rateLimits: must be an object');
    return limits;
  }
  for (const [name, setting] of Object.entries(value)) {
    const s = setting as Partial<RateLimitSetting> | null;
    if (!(name in limits))
      problems.push(`rateLimits.${name}: unknown budget (${Object.keys(defaults).join(', ')})`);
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

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
