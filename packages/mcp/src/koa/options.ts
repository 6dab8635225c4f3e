import type { AuditLogger } from '@gatehouse/audit';
import type { Policy } from '@gatehouse/scopes';
import type { McpGuardOptions } from '@gatehouse/scopes/koa';
import type { AccessTokenVerifier, SigningAlgorithm } from '@gatehouse/tokens';
import type { AllowedOrigins } from './origin.js';
import type { McpServerFactory } from './types.js';

/** Options of {@link mcpResourceServer}. */
export interface McpResourceServerOptions {
  /**
   * This MCP server's canonical URI (RFC 8707), e.g. `https://mcp.example.com/mcp`: the PRM
   * `resource`, the audience tokens must carry, and (its path) where the endpoint is served. Required.
   */
  resource: string;
  /** Builds the SDK server for a session (stateful) or a request (stateless). Required. */
  server: McpServerFactory;
  /** The issuers of the PRM `authorization_servers`; default `[issuer]`. Required with `verifier`. */
  authorizationServers?: readonly string[];
  /** Any token verifier (JWT, introspection, your own). Give this or `issuer`. */
  verifier?: AccessTokenVerifier;
  /** The authorization server's issuer: its `jwks_uri` is found from its metadata. Give this or `verifier`. */
  issuer?: string;
  /** With `issuer`: the accepted signing algorithms. Default `['ES256']`. */
  algorithms?: readonly SigningAlgorithm[];
  /** With `issuer`: the fetch for the metadata and the JWKS. Default the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** The scope policy. Default `definePolicy().build()` (the MCP defaults). */
  policy?: Policy;
  /** Passed to `mcpGuard`: a resource's name, template and attributes from its URI. */
  resolveResource?: McpGuardOptions['resolveResource'];
  /** Passed to `mcpGuard`: a tool's attributes from its name (also used to narrow `tools/list`). */
  resolveTool?: McpGuardOptions['resolveTool'];
  /** Passed to `mcpGuard`: decisions for methods beyond the built-in mapping. */
  methods?: McpGuardOptions['methods'];
  /**
   * Passed to `mcpGuard`: per-tool rules, the checks a call of each named tool needs besides `call`
   * `Tool` (also used to narrow `tools/list`).
   */
  tools?: McpGuardOptions['tools'];
  /** Passed to `mcpGuard`: which scopes a 403 challenge names. Default `'union'`. */
  challengeScope?: McpGuardOptions['challengeScope'];
  /** An audit logger (`createAuditLogger`); `auditTrail` is then mounted on the endpoint. */
  audit?: Pick<AuditLogger, 'record'>;
  /** PRM `scopes_supported` and the `scope` of the 401 challenge: the minimal set to start (R1). */
  scopesSupported?: readonly string[];
  /** PRM `resource_name`. */
  resourceName?: string;
  /** Browser origins allowed (R14). Default: the resource's origin (any loopback origin for a loopback resource). */
  allowedOrigins?: AllowedOrigins;
  /** Largest request body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Most messages in a JSON-RPC batch. Default 64. */
  maxBatch?: number;
  /** `'stateless'` (default: a server per request) or `'stateful'` (sessions bound to their owner). */
  sessions?: 'stateless' | 'stateful';
  /** Answer requests with JSON instead of an SSE stream. Default false (SSE). */
  jsonResponse?: boolean;
  /** Stateful: most sessions at once. Default 1000. */
  maxSessions?: number;
  /** Stateful: most sessions per subject (issuer and subject, across clients). Default 16. */
  maxSessionsPerSubject?: number;
  /** Stateful: a session without requests for this long is closed. Default 1800. */
  sessionIdleSeconds?: number;
  /** Most list requests awaiting their response per session. Default 64. */
  maxPendingLists?: number;
  /** Development only: an `http:` resource or issuer on a loopback host. Default false. */
  allowLoopbackHttp?: boolean;
}

/** Every option with its default (`undefined`: none), for `resolveOptions`. */
export const DEFAULTS: {
  readonly [K in keyof McpResourceServerOptions]-?: McpResourceServerOptions[K] | undefined;
} = {
  resource: undefined,
  server: undefined,
  authorizationServers: undefined,
  verifier: undefined,
  issuer: undefined,
  algorithms: ['ES256'],
  fetch: undefined,
  policy: undefined,
  resolveResource: undefined,
  resolveTool: undefined,
  methods: undefined,
  tools: undefined,
  challengeScope: undefined,
  audit: undefined,
  scopesSupported: undefined,
  resourceName: undefined,
  allowedOrigins: undefined,
  maxBodyBytes: 1024 * 1024,
  maxBatch: 64,
  sessions: 'stateless',
  jsonResponse: false,
  maxSessions: 1000,
  maxSessionsPerSubject: 16,
  sessionIdleSeconds: 1800,
  maxPendingLists: 64,
  allowLoopbackHttp: false,
};

/** Throws TypeError unless `value` is a positive safe integer. */
export function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`mcpResourceServer: ${name} must be a positive integer`);
  }
  return value;
}
