import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  type BearerChallengeParams,
  formatBearerChallenge,
  parseBearerChallenge,
} from '@gatehouse/discovery';
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

type ExtractParams = (response: Response) => { resourceMetadataUrl?: URL; scope?: string };

/**
 * The MCP TypeScript SDK client's own WWW-Authenticate handling, loaded from where the discovery
 * package's tests install it; the SDK is not a dependency of the bench package.
 */
async function sdkExtractor(): Promise<ExtractParams | undefined> {
  try {
    const require = createRequire(import.meta.resolve('@gatehouse/discovery'));
    const path = require.resolve('@modelcontextprotocol/sdk/client/auth.js');
    const sdk: { extractWWWAuthenticateParams?: unknown } = await import(pathToFileURL(path).href);
    const extract = sdk.extractWWWAuthenticateParams;
    return typeof extract === 'function' ? (extract as ExtractParams) : undefined;
  } catch {
    return undefined;
  }
}

/** A naive parser: split on commas and the first "=", strip quotes; no escapes, no grammar. */
function naiveExtract(response: Response): { resourceMetadataUrl?: URL; scope?: string } {
  const header = response.headers.get('www-authenticate') ?? '';
  if (!header.toLowerCase().startsWith('bearer ')) return {};
  const out: Record<string, string> = {};
  for (const part of header.slice(7).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0)
      out[part.slice(0, eq).trim()] = part
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  const url = out.resource_metadata;
  return {
    ...(url ? { resourceMetadataUrl: new URL(url) } : {}),
    ...(out.scope ? { scope: out.scope } : {}),
  };
}

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
  const sdk = await sdkExtractor();
  const baseline = sdk
    ? { label: 'MCP SDK extractWWWAuthenticateParams', run: () => (sink = sdk(response)) }
    : { label: 'naive split-based parser', run: () => (sink = naiveExtract(response)) };
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
