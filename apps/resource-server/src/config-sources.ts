import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from './config-error.js';

/** A configuration from the environment or the command line: unchecked, partial. */
export type RawConfig = Record<string, unknown>;

type Kind = 'string' | 'number' | 'boolean' | 'list';

/** Every setting: its key, its flag, its environment variable, how to read it, and its help text. */
export const SETTINGS: readonly {
  key: string;
  flag: string;
  env: string;
  kind: Kind;
  value?: string;
  help: string;
}[] = [
  {
    key: 'dev',
    flag: 'dev',
    env: 'GATEHOUSE_MCP_DEV',
    kind: 'boolean',
    help: 'Development mode: http on loopback, defaults for issuer and resource',
  },
  {
    key: 'host',
    flag: 'host',
    env: 'GATEHOUSE_MCP_HOST',
    kind: 'string',
    value: 'addr',
    help: 'Address to listen on (default 127.0.0.1)',
  },
  {
    key: 'port',
    flag: 'port',
    env: 'GATEHOUSE_MCP_PORT',
    kind: 'number',
    value: 'n',
    help: 'Port to listen on (default 3000; 0: any free port)',
  },
  {
    key: 'resource',
    flag: 'resource',
    env: 'GATEHOUSE_MCP_RESOURCE',
    kind: 'string',
    value: 'url',
    help: 'Canonical URI of this MCP server (the token audience); its path is the endpoint. Default with --dev: http://<host>:<port>/mcp',
  },
  {
    key: 'issuer',
    flag: 'issuer',
    env: 'GATEHOUSE_MCP_ISSUER',
    kind: 'string',
    value: 'url',
    help: 'Issuer of the authorization server trusted; its jwks_uri is read from its metadata. Default with --dev: http://127.0.0.1:4000',
  },
  {
    key: 'algorithms',
    flag: 'algorithms',
    env: 'GATEHOUSE_MCP_ALGORITHMS',
    kind: 'list',
    value: 'list',
    help: 'Accepted JWT signing algorithms (default ES256)',
  },
  {
    key: 'introspectionUrl',
    flag: 'introspection-url',
    env: 'GATEHOUSE_MCP_INTROSPECTION_URL',
    kind: 'string',
    value: 'url',
    help: 'Validate tokens by RFC 7662 introspection at this endpoint instead of as JWTs (opaque tokens)',
  },
  {
    key: 'introspectionClientId',
    flag: 'introspection-client-id',
    env: 'GATEHOUSE_MCP_INTROSPECTION_CLIENT_ID',
    kind: 'string',
    value: 'id',
    help: 'Client id of this server at the introspection endpoint',
  },
  {
    key: 'introspectionClientSecret',
    flag: '',
    env: 'GATEHOUSE_MCP_INTROSPECTION_CLIENT_SECRET',
    kind: 'string',
    help: 'Its client secret (environment only: never on a command line)',
  },
  {
    key: 'introspectionClientSecretFile',
    flag: 'introspection-client-secret-file',
    env: 'GATEHOUSE_MCP_INTROSPECTION_CLIENT_SECRET_FILE',
    kind: 'string',
    value: 'path',
    help: 'Or a file holding the client secret',
  },
  {
    key: 'introspectionAuthMethod',
    flag: 'introspection-auth-method',
    env: 'GATEHOUSE_MCP_INTROSPECTION_AUTH_METHOD',
    kind: 'string',
    value: 'method',
    help: 'client_secret_basic (default) or client_secret_post',
  },
  {
    key: 'scopesSupported',
    flag: 'scopes-supported',
    env: 'GATEHOUSE_MCP_SCOPES_SUPPORTED',
    kind: 'list',
    value: 'list',
    help: 'PRM scopes_supported, the minimal set a client starts with (default mcp:tools:weather)',
  },
  {
    key: 'resourceName',
    flag: 'resource-name',
    env: 'GATEHOUSE_MCP_RESOURCE_NAME',
    kind: 'string',
    value: 'text',
    help: 'PRM resource_name (default "Gatehouse sample MCP server")',
  },
  {
    key: 'allowedOrigins',
    flag: 'allowed-origins',
    env: 'GATEHOUSE_MCP_ALLOWED_ORIGINS',
    kind: 'list',
    value: 'list',
    help: "Browser origins allowed to call the endpoint (default: the resource's origin; any loopback origin for a loopback resource)",
  },
  {
    key: 'sessions',
    flag: 'sessions',
    env: 'GATEHOUSE_MCP_SESSIONS',
    kind: 'string',
    value: 'mode',
    help: 'stateless (default) or stateful (sessions bound to the token subject and client)',
  },
  {
    key: 'auditFile',
    flag: 'audit-file',
    env: 'GATEHOUSE_MCP_AUDIT_FILE',
    kind: 'string',
    value: 'path',
    help: 'Audit log, hash-chained JSON lines (default ./data/resource-audit.log)',
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: 'GATEHOUSE_MCP_LOG_LEVEL',
    kind: 'string',
    value: 'level',
    help: 'trace, debug, info (default), warn, error, fatal or silent',
  },
];

function parse(source: string, text: string, kind: Kind): unknown {
  switch (kind) {
    case 'number':
      if (!/^\d+$/.test(text)) throw new ConfigError([`${source}: must be a whole number`]);
      return Number(text);
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(text)) return true;
      if (/^(0|false|no|off)$/i.test(text)) return false;
      throw new ConfigError([`${source}: must be true or false`]);
    case 'list':
      return text.split(/[\s,]+/).filter((item) => item !== '');
    default:
      return text;
  }
}

/** The settings the `GATEHOUSE_MCP_*` variables give (empty variables are ignored). */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>): RawConfig {
  const raw: RawConfig = {};
  for (const { key, env: name, kind } of SETTINGS) {
    const text = env[name];
    if (text !== undefined && text !== '') raw[key] = parse(name, text, kind);
  }
  return raw;
}

/** The command line: the settings its flags give, and whether `--help` was asked. */
export function readFlags(argv: readonly string[]): { raw: RawConfig; help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const { flag, kind } of SETTINGS) {
    if (flag !== '') options[flag] = { type: kind === 'boolean' ? 'boolean' : 'string' };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
  const raw: RawConfig = {};
  for (const { key, flag, kind } of SETTINGS) {
    const value = flag === '' ? undefined : values[flag];
    if (value === undefined) continue;
    raw[key] = typeof value === 'boolean' ? value : parse(`--${flag}`, value, kind);
  }
  return { raw, help: values.help === true };
}

/** The client secret in `path` (surrounding whitespace trimmed). */
export function readSecretFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new ConfigError([`introspectionClientSecretFile: ${path} cannot be read`]);
  }
}
