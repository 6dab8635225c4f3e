import { ENV_VARIABLES } from '../config-sources.js';

/** `gatehouse-auth --help`: every command, flag and setting. */
export function helpText(): string {
  const env = Object.entries(ENV_VARIABLES)
    .map(([name, { key }]) => `  ${name.padEnd(40)} ${key}`)
    .join('\n');
  return `gatehouse-auth: the Gatehouse OAuth 2.1 authorization server for MCP

Usage:
  gatehouse-auth [start] [options]           run the server (the default command)
  gatehouse-auth users add <name> [options]  add a user; the password is asked for, or read
                                             from standard input with --password-stdin;
                                             --claim name=value (repeatable) sets a user claim
                                             named in userClaims (e.g. --claim tenant=acme)
  gatehouse-auth clients add [options]       add a pre-registered client (confidential, or
                                             client_credentials, which /register refuses);
                                             prints its client_id and secret (shown once)
  gatehouse-auth clients remove <client_id>  delete a client, revoke its grants (its tokens
                                             stop working) and delete its consents
  gatehouse-auth clients new-secret          print a random secret and its client_secret_hash,
                                             for a client in the configuration file
  gatehouse-auth keys rotate [options]       create the next signing key: published in the JWKS
                                             now, signing after keyPublishSeconds
  gatehouse-auth --help                      this text

Options:
  --config <file>     JSON configuration file (keys as in the table below)
  --dev               development mode: loopback http issuer allowed, issuer defaults to
                      http://127.0.0.1:<port>, keyPublishSeconds may be 0
  --port <n>          port to listen on (default 4000; 0 picks a free one in --dev)
  --host <address>    address to listen on (default 127.0.0.1)
  --issuer <url>      issuer identifier (https unless --dev with a loopback host)
  --password-stdin    users add: read the password from standard input
  --claim <n=v>       users add: a user claim (repeatable; names from userClaims)
  --name <text>       clients add: the client_name (required)
  --grant <type>      clients add: client_credentials, authorization_code or refresh_token
                      (repeatable, at least one)
  --scope <scope>     clients add: the registered scope, the ceiling of client_credentials
                      tokens (repeatable; required with client_credentials)
  --redirect-uri <u>  clients add: a redirect URI (repeatable; required with authorization_code)
  --auth-method <m>   clients add: client_secret_basic (default), client_secret_post,
                      private_key_jwt (with --jwks-uri) or none
  --jwks-uri <url>    clients add: the https URL of the client's public keys
  --client-id <id>    clients add: a chosen client_id (default: 128 random bits)
  -h, --help          show this text

Settings (file key, or environment variable; flags > environment > file > defaults):
  issuer                    https issuer URL, exactly as clients will see it (required without --dev)
  host, port                listen address (127.0.0.1:4000)
  dev                       as --dev (false)
  dataDir                   SQLite database, session secret, audit log (./data)
  databaseUrl               postgres://... to use PostgreSQL instead of SQLite
  resources                 [{ uri, scopes, name?, accessTokenTtlSeconds? }]
                            (default: http://127.0.0.1:3000/mcp with mcp:tools:*, mcp:resources:*,
                            mcp:prompts:*, mcp:exec:workflows:*; https required without --dev)
  defaultResource           the resource of requests without one (the first resource)
  accessTokenTtlSeconds     default access token lifetime per resource (300)
  refreshTokenTtlSeconds    grant and refresh token lifetime (2592000, 30 days)
  codeTtlSeconds            authorization code lifetime, at most 600 (60)
  keyPublishSeconds         a rotated key is published this long before it signs (300)
  registeredScopeIsCeiling  a DCR/CIMD client's registered scope limits what it may ask (false)
  scopeDescriptions         { "<scope pattern>": "plain words for the consent page" }
  trustProxy                take the client address from the last X-Forwarded-For hop (false):
                            set it only behind exactly one proxy you control
  auditFile                 audit log file (<dataDir>/audit.log)
  sessionSecret             base64url or hex, >= 32 bytes (generated in dataDir when absent)
  rateLimits                { token|register|authorize|documents|introspect|revoke:
                              { points, durationSeconds } } per client address
  cimdAllowPrivateOrigins   --dev only, tests: https origins whose metadata documents and
  cimdCaCertificates        jwks_uri may be on private addresses, and the PEM roots to trust
  userClaims                user claim names copied into access tokens and /introspect answers
                            (["tenant"]); never a registered claim (sub, aud, scope, ...)
  clients                   pre-registered clients, stored at start: [{ client_id, client_name,
                            grant_types, scope, redirect_uris, token_endpoint_auth_method,
                            jwks_uri | jwks, and for client_secret_* exactly one of
                            client_secret_hash | client_secret_env | client_secret_file }]
                            (never the secret itself)

Environment variables:
${env}
`;
}
