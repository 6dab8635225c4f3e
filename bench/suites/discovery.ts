import {
  type BearerChallengeParams,
  formatBearerChallenge,
  parseBearerChallenge,
} from '@gatehouse/discovery';
import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Comparison } from '../harness/compare.js';

const METADATA = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
/** The MCP specification's 403 example: four auth-params, one of them with spaces. */
const params: BearerChallengeParams = {
  error: 'insufficient_scope',
  scope: ['files:read', 'files:write', 'user:profile'],
  resourceMetadata: METADATA,
  errorDescription: 'Additional file write permission required',
};
const HEADER = formatBearerChallenge(params);

function naiveFormat(p: BearerChallengeParams): string {
  const scope = typeof p.scope === 'string' ? p.scope : (p.scope ?? []).join(' ');
  return `Bearer error="${p.error}", scope="${scope}", resource_metadata="${p.resourceMetadata}", error_description="${p.errorDescription}"`;
}

let sink: unknown;

/**
 * WWW-Authenticate parsing and formatting. Parsing is measured from the same `Response` on both
 * sides (header lookup included), resolving `resource_metadata` to a `URL` as the SDK does.
 */
export async function comparisons(): Promise<Comparison[]> {
  const response = new Response(null, { status: 401, headers: { 'www-authenticate': HEADER } });
  const baseline = {
    label: 'MCP SDK extractWWWAuthenticateParams',
    run: () => (sink = extractWWWAuthenticateParams(response)),
  };
  return [
    {
      name: `discovery: parseBearerChallenge vs ${baseline.label} (MCP 403 example header)`,
      baseline,
      subject: {
        label: 'parseBearerChallenge (+ new URL)',
        run: () => {
          const challenge = parseBearerChallenge(response.headers.get('www-authenticate') ?? '');
          const url = challenge?.resourceMetadata;
          sink = { challenge, url: url === undefined ? undefined : new URL(url) };
        },
      },
    },
    {
      name: 'discovery: formatBearerChallenge vs an unchecked template string',
      baseline: { label: 'template string, no checks', run: () => (sink = naiveFormat(params)) },
      subject: {
        label: 'formatBearerChallenge',
        run: () => (sink = formatBearerChallenge(params)),
      },
    },
  ];
}
