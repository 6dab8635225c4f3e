import type { AuthorizeMcpRequestOptions, Policy } from '../index.js';
import { copyToolRules } from '../internal/tool-rules.js';
import { type ChallengeScope, checkResourceMetadata } from './respond.js';

/** Options of `mcpGuard`. */
export interface McpGuardOptions {
  /** The compiled scope policy. Required. */
  policy: Policy;
  /** The protected resource metadata URL for the challenge's `resource_metadata` (RFC 9728). */
  resourceMetadata?: string;
  /** Which scopes the 403 challenge names. Default `'union'`. */
  challengeScope?: ChallengeScope;
  /** Decisions for methods beyond the built-in mapping (see `authorizeMcpRequest`). */
  methods?: AuthorizeMcpRequestOptions['methods'];
  /**
   * Looks up a resource's name, URI template and attributes from its (canonical) URI, for name-based
   * scopes and attribute conditions. Also used by `ctx.state.filterList`.
   */
  resolveResource?: AuthorizeMcpRequestOptions['resolveResource'];
  /** Looks up a tool's attributes from its name. Also used by `ctx.state.filterList`. */
  resolveTool?: AuthorizeMcpRequestOptions['resolveTool'];
  /**
   * Per-tool rules: the checks a call of each named tool needs besides `call` `Tool` (see
   * `McpToolRules`); every other tool keeps the built-in check. Also used by `ctx.state.filterList`.
   * Checked and copied when the middleware is made; not with a `tools/call` entry in `methods`.
   */
  tools?: AuthorizeMcpRequestOptions['tools'];
  /** Largest JSON-RPC body read, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Most messages in a JSON-RPC batch. Default 64. */
  maxBatch?: number;
}

const KNOWN = new Set([
  'policy',
  'resourceMetadata',
  'challengeScope',
  'methods',
  'resolveResource',
  'resolveTool',
  'tools',
  'maxBodyBytes',
  'maxBatch',
]);

/** The checked options, or TypeError for a setup mistake. */
export function checkGuardOptions(options: McpGuardOptions): {
  policy: Policy;
  resourceMetadata: string | undefined;
  challengeScope: ChallengeScope;
  maxBodyBytes: number;
  decideOptions: AuthorizeMcpRequestOptions;
} {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('mcpGuard: options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`mcpGuard: unknown option "${key}"`);
  }
  const { policy, resourceMetadata, challengeScope = 'union', methods } = options;
  const { resolveResource, resolveTool } = options;
  if (typeof policy?.abilityFor !== 'function') throw new TypeError('mcpGuard: policy is required');
  if (challengeScope !== 'union' && challengeScope !== 'required') {
    throw new TypeError('mcpGuard: challengeScope must be "union" or "required"');
  }
  for (const [name, value] of [
    ['resolveResource', resolveResource],
    ['resolveTool', resolveTool],
  ] as const) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`mcpGuard: ${name} must be a function`);
    }
  }
  const tools = options.tools === undefined ? undefined : copyToolRules(options.tools, 'mcpGuard');
  if (tools !== undefined && methods !== undefined && Object.hasOwn(methods, 'tools/call')) {
    throw new TypeError(
      'mcpGuard: give per-tool rules in tools or a tools/call rule in methods, not both',
    );
  }
  checkResourceMetadata('mcpGuard', resourceMetadata);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxBatch = options.maxBatch ?? 64;
  for (const [name, value] of [
    ['maxBodyBytes', maxBodyBytes],
    ['maxBatch', maxBatch],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`mcpGuard: ${name} must be a positive integer`);
    }
  }
  return {
    policy,
    resourceMetadata,
    challengeScope,
    maxBodyBytes,
    decideOptions: {
      maxBatch,
      ...(methods === undefined ? {} : { methods }),
      ...(resolveResource === undefined ? {} : { resolveResource }),
      ...(resolveTool === undefined ? {} : { resolveTool }),
      ...(tools === undefined ? {} : { tools }),
    },
  };
}
