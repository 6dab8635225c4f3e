/** How a setting's text (environment variable or flag value) is read. */
export type SettingKind = 'string' | 'number' | 'boolean' | 'list';

/** One setting: its configuration key, its flag (`''`: none), its environment variable, its help. */
export interface Setting {
  key: string;
  flag: string;
  env: string;
  kind: SettingKind;
  /** The flag's value placeholder in `--help`. */
  value?: string;
  help: string;
}

/** Every setting: its key, its flag, its environment variable, how to read it, and its help text. */
export const SETTINGS: readonly Setting[] = [
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
    key: 'introspectionCacheSeconds',
    flag: 'introspection-cache-seconds',
    env: 'GATEHOUSE_MCP_INTROSPECTION_CACHE_SECONDS',
    kind: 'number',
    value: 'n',
    help: 'How long an active introspection answer is reused: a revoked token works at most this long (default 5; 0: ask on every request; at most 300)',
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
