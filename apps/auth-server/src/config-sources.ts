import { readFileSync } from 'node:fs';
import { GatehouseError } from '@gatehouse/errors';

/** A configuration as written in a file or the environment: unchecked, partial. */
export type RawConfig = Record<string, unknown>;

/** `GATEHOUSE_*` variables and the file key each one sets, with how to read the text. */
export const ENV_VARIABLES: Readonly<
  Record<string, { key: string; kind: 'string' | 'number' | 'boolean' | 'json' | 'list' }>
> = {
  GATEHOUSE_ISSUER: { key: 'issuer', kind: 'string' },
  GATEHOUSE_HOST: { key: 'host', kind: 'string' },
  GATEHOUSE_PORT: { key: 'port', kind: 'number' },
  GATEHOUSE_DEV: { key: 'dev', kind: 'boolean' },
  GATEHOUSE_DATA_DIR: { key: 'dataDir', kind: 'string' },
  GATEHOUSE_DATABASE_URL: { key: 'databaseUrl', kind: 'string' },
  DATABASE_URL: { key: 'databaseUrl', kind: 'string' },
  GATEHOUSE_RESOURCES: { key: 'resources', kind: 'json' },
  GATEHOUSE_DEFAULT_RESOURCE: { key: 'defaultResource', kind: 'string' },
  GATEHOUSE_ACCESS_TOKEN_TTL_SECONDS: { key: 'accessTokenTtlSeconds', kind: 'number' },
  GATEHOUSE_REFRESH_TOKEN_TTL_SECONDS: { key: 'refreshTokenTtlSeconds', kind: 'number' },
  GATEHOUSE_CODE_TTL_SECONDS: { key: 'codeTtlSeconds', kind: 'number' },
  GATEHOUSE_KEY_PUBLISH_SECONDS: { key: 'keyPublishSeconds', kind: 'number' },
  GATEHOUSE_REGISTERED_SCOPE_IS_CEILING: { key: 'registeredScopeIsCeiling', kind: 'boolean' },
  GATEHOUSE_SCOPE_DESCRIPTIONS: { key: 'scopeDescriptions', kind: 'json' },
  GATEHOUSE_TRUST_PROXY: { key: 'trustProxy', kind: 'boolean' },
  GATEHOUSE_AUDIT_FILE: { key: 'auditFile', kind: 'string' },
  GATEHOUSE_SESSION_SECRET: { key: 'sessionSecret', kind: 'string' },
  GATEHOUSE_RATE_LIMITS: { key: 'rateLimits', kind: 'json' },
  GATEHOUSE_CIMD_ALLOW_PRIVATE_ORIGINS: { key: 'cimdAllowPrivateOrigins', kind: 'list' },
  GATEHOUSE_USER_CLAIMS: { key: 'userClaims', kind: 'list' },
  GATEHOUSE_INTROSPECTION_CLIENTS: { key: 'introspectionClients', kind: 'list' },
};

export function configError(message: string): GatehouseError {
  return new GatehouseError('ERR_CONFIG_INVALID', message);
}

/** The JSON object in a `--config` file. */
export function readConfigFile(path: string): RawConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new GatehouseError('ERR_CONFIG_INVALID', `config file ${path} cannot be read`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new GatehouseError('ERR_CONFIG_INVALID', `config file ${path} is not valid JSON`, {
      cause,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw configError(`config file ${path} must hold a JSON object`);
  }
  return json as RawConfig;
}

/** The keys the `GATEHOUSE_*` variables set (`GATEHOUSE_PORT=4000` -> `{ port: 4000 }`). */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>): RawConfig {
  const raw: RawConfig = {};
  for (const [name, { key, kind }] of Object.entries(ENV_VARIABLES)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    if (name === 'DATABASE_URL' && env.GATEHOUSE_DATABASE_URL) continue;
    raw[key] = parseEnv(name, text, kind);
  }
  return raw;
}

function parseEnv(name: string, text: string, kind: string): unknown {
  switch (kind) {
    case 'number':
      if (!/^\d+$/.test(text)) throw configError(`${name} must be a whole number`);
      return Number(text);
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(text)) return true;
      if (/^(0|false|no|off)$/i.test(text)) return false;
      throw configError(`${name} must be true or false`);
    case 'json':
      try {
        return JSON.parse(text);
      } catch {
        throw configError(`${name} must be JSON`);
      }
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    default:
      return text;
  }
}
